from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MultistoreStore(models.Model):
    """Pricing of a store: its price list derived from the chain list, its
    discount limits and its shelf labels."""

    _inherit = "multistore.store"

    pos_max_discount = fields.Float(
        string="Max. Till Discount (%)",
        default=100.0,
        tracking=True,
        help="Largest manual discount a cashier may give on a line at this "
        "store's tills. Store managers may go beyond it.",
    )
    sale_max_discount = fields.Float(
        string="Max. Quotation Discount (%)",
        default=100.0,
        tracking=True,
        help="Largest discount a salesperson may give on a quotation line of "
        "this store. Store managers may go beyond it.",
    )

    @api.constrains("pos_max_discount", "sale_max_discount")
    def _check_max_discount(self):
        for store in self:
            for value in (store.pos_max_discount, store.sale_max_discount):
                if not 0 <= value <= 100:
                    raise ValidationError(
                        self.env._(
                            "A discount limit is a percentage between 0 and 100 "
                            "(store %(store)s).",
                            store=store.display_name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        stores = super().create(vals_list)
        stores._ensure_store_pricelist()
        return stores

    def _ensure_store_pricelist(self):
        """Give each store without one a price list based on the chain list.

        The store list has one global rule "chain price" and, later, the
        store's own overrides (price changes scoped to the store).
        """
        for store in self.filtered(lambda s: not s.pricelist_id):
            chain = store.company_id.multistore_pricelist_id
            if not chain:
                continue
            store.pricelist_id = self.env["product.pricelist"].create(
                {
                    "name": f"{chain.name} - {store.name}",
                    "company_id": store.company_id.id,
                    "currency_id": chain.currency_id.id,
                    "item_ids": [
                        fields.Command.create(
                            {
                                "applied_on": "3_global",
                                "compute_price": "formula",
                                "base": "pricelist",
                                "base_pricelist_id": chain.id,
                            }
                        )
                    ],
                }
            )

    def _shelf_label_lines(self, products=None):
        """Product, price, barcode and "valid from" of each label of the store."""
        self.ensure_one()
        products = products or self.env["product.product"].search(
            [
                ("sale_ok", "=", True),
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )
        pricelist = self.pricelist_id
        prices = (
            pricelist._get_products_price(products, 1.0)
            if pricelist
            else {product.id: product.lst_price for product in products}
        )
        now = fields.Datetime.now()
        history = self.env["multistore.price.history"].search(
            [
                ("product_id", "in", products.ids),
                ("store_id", "in", [False, self.id]),
                ("date_from", "<=", now),
                "|",
                ("date_to", "=", False),
                ("date_to", ">", now),
            ],
            order="date_from",
        )
        valid_from = {line.product_id.id: line.date_from for line in history}
        currency = pricelist.currency_id or self.company_id.currency_id
        return [
            {
                "product": product,
                "price": prices[product.id],
                "currency": currency,
                "valid_from": valid_from.get(product.id, product.write_date),
            }
            for product in products
        ]
