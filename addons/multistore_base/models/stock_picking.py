from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        index=True,
        precompute=True,
    )

    @api.depends("picking_type_id")
    def _compute_store_id(self):
        # Only the picking type: a store created later for an existing
        # warehouse does not rewrite history, the setup wizard back-fills it.
        for picking in self:
            picking.store_id = picking.picking_type_id.warehouse_id.store_id
