from odoo import fields, models


class SaleReport(models.Model):
    """Sales analysis per store, scoped by the store rule like the orders."""

    _inherit = "sale.report"

    store_id = fields.Many2one("multistore.store", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["store_id"] = "s.store_id"
        return res

    def _group_by_sale(self):
        return super()._group_by_sale() + ",\n            s.store_id"
