from odoo import api, fields, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        index=True,
    )

    @api.depends("warehouse_id.store_id")
    def _compute_store_id(self):
        for orderpoint in self:
            orderpoint.store_id = orderpoint.warehouse_id.store_id
