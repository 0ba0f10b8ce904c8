from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """Orders imported through the REST API and their shipment status."""

    _inherit = "sale.order"

    api_integration_id = fields.Many2one(
        "multistore.api.integration",
        string="Imported by",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    api_external_id = fields.Char(
        string="External Order ID",
        readonly=True,
        copy=False,
        help="The order's id in the system that sent it through the API.",
    )
    shipment_state = fields.Selection(
        [
            ("pending", "Not shipped"),
            ("shipped", "Shipped"),
            ("delivered", "Delivered"),
        ],
        readonly=True,
        copy=False,
        tracking=True,
    )
    shipment_carrier = fields.Char(string="Carrier", readonly=True, copy=False)
    shipment_tracking_ref = fields.Char(
        string="Tracking Reference", readonly=True, copy=False, tracking=True
    )
    shipment_delivered_date = fields.Datetime(
        string="Carrier Delivered on", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "api_external_id_unique",
            "unique(api_integration_id, api_external_id)",
            "An integration imports an external order only once.",
        ),
    ]

    @api.model
    def _multistore_workflow_field_names(self):
        # Set by the API's import and shipment endpoints only (see
        # models/base.py of multistore_base): a user cannot re-attribute an
        # imported order.
        return super()._multistore_workflow_field_names() | {
            "api_integration_id",
            "api_external_id",
            "shipment_state",
            "shipment_carrier",
            "shipment_tracking_ref",
            "shipment_delivered_date",
        }

    def _api_update_shipment(self, carrier=None, tracking_ref=None, delivered=False):
        """Shipment update from a logistics integration (already checked for
        its scope and store by the API): carrier, tracking reference and, on
        delivery, the validation of the order's open deliveries."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not a confirmed order: only confirmed orders "
                    "are shipped.",
                    order=self.display_name,
                )
            )
        if self.shipment_state == "delivered":
            raise UserError(
                self.env._(
                    "%(order)s is already delivered: its shipment cannot change.",
                    order=self.display_name,
                )
            )
        vals = {"shipment_state": "delivered" if delivered else "shipped"}
        if carrier:
            vals["shipment_carrier"] = carrier
        if tracking_ref:
            vals["shipment_tracking_ref"] = tracking_ref
        if delivered:
            self._api_validate_deliveries()
            vals["shipment_delivered_date"] = fields.Datetime.now()
        self._multistore_workflow_write(vals)

    def _api_validate_deliveries(self):
        pickings = self.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing" and p.state not in ("done", "cancel")
            )
        )
        for picking in pickings:
            picking.action_assign()
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                move.quantity = move.product_uom_qty
                move.picked = True
        if pickings:
            pickings.with_context(
                skip_backorder=True, skip_sms=True, skip_immediate=True
            ).button_validate()
