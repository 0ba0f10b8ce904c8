from odoo import fields, models


class MultistoreConnectorTaobaoProduct(models.Model):
    """A product of the chain sold in a Taobao shop.

    Orders: a trade line's outer id (``outer_sku_id``, else ``outer_iid``) is
    the product's internal reference unless a mapping row says otherwise.
    Stock: only products with a row carrying TOP's item id (``num_iid``, and
    ``sku_id`` for an item with SKUs) are pushed.
    """

    _name = "multistore.connector.taobao.product"
    _description = "Taobao Product Mapping"
    _order = "shop_id, product_id, id"

    shop_id = fields.Many2one(
        "multistore.connector.taobao.shop",
        required=True,
        ondelete="cascade",
        index=True,
    )
    active = fields.Boolean(default=True)
    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True
    )
    outer_id = fields.Char(
        string="Outer ID",
        help="The merchant code of the item or SKU in the shop (outer_iid / "
        "outer_sku_id), when it is not the product's internal reference.",
    )
    num_iid = fields.Char(string="Item ID", help="TOP's num_iid of the item.")
    sku_id = fields.Char(string="SKU ID", help="TOP's sku_id, for an item with SKUs.")
    stock_dirty = fields.Boolean(
        string="Stock to Push",
        readonly=True,
        copy=False,
        help="The product's stock moved since its last push.",
    )
    last_pushed_qty = fields.Integer(string="Last Pushed Quantity", readonly=True)
    last_push_date = fields.Datetime(readonly=True, copy=False)
    push_error = fields.Text(readonly=True, copy=False)

    _sql_constraints = [
        (
            "outer_id_unique",
            "unique(shop_id, outer_id)",
            "An outer id is mapped to one product per shop.",
        ),
        (
            "item_unique",
            "unique(shop_id, num_iid, sku_id)",
            "A Taobao item (and SKU) is mapped to one product per shop.",
        ),
    ]
