from odoo import fields, models


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    multistore_price_change_id = fields.Many2one(
        "multistore.price.change",
        string="Price Change",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The approved price change this item applies; it is removed when "
        "the change expires.",
    )
