from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Lines of a confirmed or cancelled order stay in its store.
    _multistore_store_locked_states = ("sale", "cancel")

    store_id = fields.Many2one(related="order_id.store_id", store=True, index=True)
