from odoo import fields, models


class MultistorePriceHistory(models.Model):
    """Which price was valid when, where, and why.

    One line per product and price list a price change touched: the chain
    (no store) or one store. Written when a change becomes active, closed
    when it expires.
    """

    _name = "multistore.price.history"
    _description = "Price History"
    _order = "date_from desc, id desc"

    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    store_id = fields.Many2one(
        "multistore.store",
        index=True,
        ondelete="cascade",
        help="Empty for the chain price list (every store without override).",
    )
    price = fields.Float(digits="Product Price", required=True)
    old_price = fields.Float(digits="Product Price", string="Previous Price")
    date_from = fields.Datetime(string="Valid From", required=True)
    date_to = fields.Datetime(string="Valid Until")
    price_change_id = fields.Many2one(
        "multistore.price.change", ondelete="set null", index=True
    )
    reason = fields.Selection(related="price_change_id.reason", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
