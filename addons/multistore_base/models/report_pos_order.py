from odoo import fields, models


class ReportPosOrder(models.Model):
    """Till sales analysis per store, scoped by the store rule like the orders."""

    _inherit = "report.pos.order"

    store_id = fields.Many2one("multistore.store", readonly=True)

    def _select(self):
        return super()._select() + ",\n                s.store_id AS store_id"
