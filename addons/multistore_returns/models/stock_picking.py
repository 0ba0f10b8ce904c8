from odoo import api, fields, models


class StockPicking(models.Model):
    """The reason of a customer return, and which transfers the back-office
    return policy applies to."""

    _inherit = "stock.picking"

    multistore_return_reason_id = fields.Many2one(
        "multistore.return.reason",
        string="Return Reason",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="Why the customer brought the goods back: chosen in the Return "
        "wizard, which sets it on the return.",
    )

    @api.model
    def _multistore_workflow_field_names(self):
        # Set by the Return wizard only (stock.return.picking).
        return super()._multistore_workflow_field_names() | {
            "multistore_return_reason_id"
        }

    def _multistore_is_customer_delivery(self):
        """Whether returning this transfer is a customer return the chain's
        policy applies to: a store's delivery to a customer. Receipts,
        internal transfers and transfers outside every store are not."""
        self.ensure_one()
        return bool(
            self.store_id
            and self.picking_type_code == "outgoing"
            and self.location_dest_id.usage == "customer"
        )
