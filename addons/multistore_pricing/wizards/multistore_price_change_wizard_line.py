from odoo import fields, models


class MultistorePriceChangeWizardLine(models.TransientModel):
    _name = "multistore.price.change.wizard.line"
    _description = "Bulk Price Change Preview Line"

    wizard_id = fields.Many2one(
        "multistore.price.change.wizard", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", readonly=True)
    store_id = fields.Many2one("multistore.store", readonly=True)
    old_price = fields.Float(digits="Product Price", readonly=True)
    new_price = fields.Float(digits="Product Price", readonly=True)
