from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestStorePricing(MultistoreCommon):
    """The pricing fields of a store: its discount limits and its price list
    derived from the chain price list."""

    def test_manager_sets_own_discount_limits(self):
        self.store_a.with_user(self.manager_a).write(
            {"pos_max_discount": 15.0, "sale_max_discount": 5.0}
        )
        self.assertEqual(self.store_a.pos_max_discount, 15.0)
        self.assertEqual(self.store_a.sale_max_discount, 5.0)
        with self.assertRaises(AccessError):
            self.store_b.with_user(self.manager_a).write({"pos_max_discount": 50.0})

    def test_discount_limit_is_a_percentage(self):
        store = self.store_a.with_user(self.manager_a)
        for value in (float("nan"), float("inf"), 1e300):
            with self.assertRaisesRegex(ValidationError, "Till Discount"):
                store.write({"pos_max_discount": value})
        for value in (-1.0, 101.0):
            with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
                store.write({"sale_max_discount": value})
        self.assertEqual(self.store_a.pos_max_discount, 100.0)

    def test_store_price_list_follows_chain_list(self):
        chain = self.env["product.pricelist"].create({"name": "Chain"})
        self.env.company.multistore_pricelist_id = chain
        self.assertEqual(self.store_a.pricelist_id.item_ids.base_pricelist_id, chain)
        store = self.Store.create(
            {"name": "Store C", "code": "C", "store_type": "online"}
        )
        self.assertEqual(store.pricelist_id.item_ids.base_pricelist_id, chain)
