from odoo import api, fields, models


class MultistorePriceMatrix(models.TransientModel):
    """Current price of each product in each store (chain managers' matrix).

    Prices come from the price-list engine (chain list, store overrides,
    dated price changes), which no SQL view can reproduce: the matrix is
    computed when opened, for the user who opens it.
    """

    _name = "multistore.price.matrix"
    _description = "Current Prices by Store"
    _order = "product_id, store_id"

    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    store_id = fields.Many2one("multistore.store", readonly=True)
    price = fields.Float(digits="Product Price", readonly=True, aggregator="avg")
    chain_price = fields.Float(digits="Product Price", readonly=True, aggregator="avg")
    is_override = fields.Boolean(string="Store Override", readonly=True)

    @api.model
    def action_open(self):
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("open the prices of every store"),
        )
        self.search([("create_uid", "=", self.env.uid)]).unlink()
        products = self.env["product.product"].search(
            [("sale_ok", "=", True), ("company_id", "in", [False, self.env.company.id])]
        )
        stores = self.env["multistore.store"].search(
            [("pricelist_id", "!=", False), ("company_id", "=", self.env.company.id)]
        )
        chain = self.env.company.multistore_pricelist_id
        chain_prices = (
            chain._get_products_price(products, 1.0)
            if chain
            else {p.id: p.lst_price for p in products}
        )
        vals_list = []
        for store in stores:
            prices = store.pricelist_id._get_products_price(products, 1.0)
            vals_list += [
                {
                    "product_id": product.id,
                    "categ_id": product.categ_id.id,
                    "store_id": store.id,
                    "price": prices[product.id],
                    "chain_price": chain_prices[product.id],
                    "is_override": abs(prices[product.id] - chain_prices[product.id])
                    > 1e-6,
                }
                for product in products
            ]
        self.create(vals_list)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Current Prices by Store"),
            "res_model": self._name,
            "view_mode": "pivot,list",
            "domain": [("create_uid", "=", self.env.uid)],
            "context": {"search_default_overrides": 0},
        }
