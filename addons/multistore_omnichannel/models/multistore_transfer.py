from odoo import fields, models


class MultistoreTransfer(models.Model):
    _inherit = "multistore.transfer"

    sale_order_id = fields.Many2one(
        "sale.order",
        string="For Pickup Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The click & collect order this transfer brings goods to its "
        "pickup store for.",
    )

    def _multistore_workflow_field_names(self):
        # Set when the pickup order requests the transfer.
        return super()._multistore_workflow_field_names() | {"sale_order_id"}
