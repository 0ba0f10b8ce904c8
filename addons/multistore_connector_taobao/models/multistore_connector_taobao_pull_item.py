import json

from odoo import fields, models


class MultistoreConnectorTaobaoPullItem(models.Model):
    """A trade a pull could not import (a line that maps to no product, a
    store or scope the integration lacks...): kept with the trade as fetched,
    shown to the chain manager, and imported again at each pull until it
    goes through (``done``) or stops waiting for shipment (``skipped``)."""

    _name = "multistore.connector.taobao.pull.item"
    _description = "Taobao Pull Item"
    _order = "state, write_date desc, id desc"
    _rec_name = "tid"

    shop_id = fields.Many2one(
        "multistore.connector.taobao.shop",
        required=True,
        ondelete="cascade",
        readonly=True,
        index=True,
    )
    store_id = fields.Many2one(
        related="shop_id.store_id", store=True, index=True, string="Store"
    )
    tid = fields.Char(string="Trade", required=True, readonly=True)
    trade_status = fields.Char(readonly=True)
    state = fields.Selection(
        [("failed", "Failed"), ("done", "Imported"), ("skipped", "Not to ship")],
        required=True,
        default="failed",
        readonly=True,
        index=True,
    )
    error = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True)
    payload = fields.Text(string="Trade (JSON)", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)

    _sql_constraints = [
        ("tid_unique", "unique(shop_id, tid)", "A trade is pulled once per shop."),
    ]

    def _trade(self):
        self.ensure_one()
        return json.loads(self.payload or "{}")
