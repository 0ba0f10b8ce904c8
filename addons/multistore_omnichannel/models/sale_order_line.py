from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    fulfil_store_id = fields.Many2one(
        "multistore.store",
        string="Fulfilled by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The store that ships or hands over this line, chosen by routing "
        "when the online order is confirmed.",
    )

    @api.model
    def _multistore_workflow_field_names(self):
        # Chosen by routing only.
        return super()._multistore_workflow_field_names() | {"fulfil_store_id"}

    def _prepare_procurement_values(self, group_id=False):
        """The line leaves from its store's warehouse: one delivery per store."""
        values = super()._prepare_procurement_values(group_id=group_id)
        warehouse = self.fulfil_store_id.sudo().warehouse_id
        if warehouse:
            values["warehouse_id"] = warehouse
        return values
