from odoo import fields, models


class MultistoreConnectorSfRoute(models.Model):
    """One route event of a waybill as SF reports it (opCode 50: picked up,
    80: signed for, ...), in the store of the booking."""

    _name = "multistore.connector.sf.route"
    _description = "SF Express Route Event"
    _order = "accept_time desc, id desc"
    _rec_name = "remark"

    booking_id = fields.Many2one(
        "multistore.connector.sf.booking",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    store_id = fields.Many2one(
        related="booking_id.store_id", store=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="booking_id.company_id", store=True, readonly=True
    )
    waybill_no = fields.Char(
        related="booking_id.waybill_no", string="Waybill", store=True, readonly=True
    )
    op_code = fields.Char(string="Operation Code", readonly=True)
    accept_time = fields.Datetime(string="Time", readonly=True)
    accept_address = fields.Char(string="Place", readonly=True)
    remark = fields.Char(string="Event", readonly=True)
