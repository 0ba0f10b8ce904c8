from odoo import models


class PricelistRuleCache:
    """Price list rules fetched once for a set of products.

    Checking a till order computes the price of every line, and a store's
    price list is based on the chain's: Odoo searches the rules of the base
    list once per product. With this object in the context (key
    ``multistore_rule_cache``), the rules of each price list are searched
    once per date for all the products of the order; Odoo then picks each
    product's rule among them as it always does (``_is_applicable_for``).
    A client cannot send this object over RPC.
    """

    def __init__(self, products):
        self.products = products
        self.rules = {}


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def _get_applicable_rules(self, products, date, **kwargs):
        cache = self.env.context.get("multistore_rule_cache")
        if (
            not isinstance(cache, PricelistRuleCache)
            or not self
            or kwargs
            or products._name != cache.products._name
            or products - cache.products
        ):
            return super()._get_applicable_rules(products, date, **kwargs)
        key = (self.id, date)
        if key not in cache.rules:
            cache.rules[key] = super()._get_applicable_rules(cache.products, date)
        return cache.rules[key].with_env(self.env)
