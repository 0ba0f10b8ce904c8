from odoo import api, fields, models


class MultistorePriceChangeLine(models.Model):
    """Old and new price of one product in one price list of a change."""

    _name = "multistore.price.change.line"
    _description = "Price Change Line"
    _order = "change_id, store_id, product_id"

    change_id = fields.Many2one(
        "multistore.price.change", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one("product.product", required=True, index=True)
    store_id = fields.Many2one(
        "multistore.store", help="Empty for the chain price list."
    )
    pricelist_id = fields.Many2one("product.pricelist", required=True, index=True)
    old_price = fields.Float(digits="Product Price", readonly=True)
    new_price = fields.Float(digits="Product Price", readonly=True)
    change_percent = fields.Float(
        string="Change (%)", compute="_compute_change_percent"
    )

    @api.depends("old_price", "new_price")
    def _compute_change_percent(self):
        for line in self:
            line.change_percent = (
                (line.new_price - line.old_price) / line.old_price * 100
                if line.old_price
                else 0.0
            )
