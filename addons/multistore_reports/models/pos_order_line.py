from odoo import fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    # Not stored: they add no column to a table of millions of rows, yet let
    # raw lines be grouped by order date and category (read_group joins the
    # order and the product). The benchmark compares the fact-based reports
    # with these raw groupings.
    order_date = fields.Datetime(related="order_id.date_order", string="Order Date")
    order_state = fields.Selection(related="order_id.state", string="Order Status")
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category"
    )
