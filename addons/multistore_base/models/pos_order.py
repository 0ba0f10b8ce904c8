from odoo import api, fields, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        index=True,
        precompute=True,
    )

    @api.depends("session_id")
    def _compute_store_id(self):
        for order in self:
            order.store_id = order.session_id.store_id
