from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    store_id = fields.Many2one(related="order_id.store_id", store=True, index=True)
