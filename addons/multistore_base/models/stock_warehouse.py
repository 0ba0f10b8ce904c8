from odoo import api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    store_ids = fields.One2many("multistore.store", "warehouse_id", string="Stores")
    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        index=True,
    )

    @api.depends("store_ids")
    def _compute_store_id(self):
        for warehouse in self:
            warehouse.store_id = warehouse.store_ids[:1]
