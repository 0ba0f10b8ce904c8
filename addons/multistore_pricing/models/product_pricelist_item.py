from odoo import fields, models


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"
    # Only an approved price change links the items it creates (and removes
    # them when it expires or is cancelled).
    _multistore_workflow_fields = ("multistore_price_change_id",)

    multistore_price_change_id = fields.Many2one(
        "multistore.price.change",
        string="Price Change",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="The approved price change this item applies; it is removed when "
        "the change expires.",
    )
