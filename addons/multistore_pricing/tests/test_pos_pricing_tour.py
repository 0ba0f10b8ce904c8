from odoo import Command
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon


@tagged("post_install", "-at_install")
class TestMultistorePosPricingTour(MultistorePosTourCommon):
    """Store prices and the store's discount limit in the real till.

    The till computes prices in the browser from the price lists it loads:
    the store list is based on the chain list, so both must reach the till
    for a store override (and the chain price behind it) to show. The
    discount limit is enforced by the till itself (pos_discount_limit.js)
    before the server constraint ever sees the order.
    """

    @classmethod
    def _setup_chain(cls):
        company = cls.env.company
        # No price-list feature switch here: multistore_base keeps it on, or
        # creating store B's warehouse (the company's second) would archive
        # every price list through the multi-location settings wizard.
        # The chain list first: stores created afterwards get a store list
        # based on it, and their tills sell at that list.
        cls.chain_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Chain Prices",
                "company_id": company.id,
                "currency_id": company.currency_id.id,
            }
        )
        company.multistore_pricelist_id = cls.chain_pricelist

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The fixture's till existed before its store: sell at the store list.
        cls.main_pos_config.write(cls.store_a._pos_pricelist_vals())
        cls.promo_tea = cls._create_tea("Promo Tea", 10.0)
        cls.plain_tea = cls._create_tea("Plain Tea", 5.0)
        change = cls.env["multistore.price.change"].create(
            {
                "target": "product",
                "product_id": cls.promo_tea.id,
                "scope": "stores",
                "store_ids": [Command.set(cls.store_a.ids)],
                "new_price": 8.0,
                "reason": "promotion",
            }
        )
        change.action_submit()
        change.action_approve()

    @classmethod
    def _create_tea(cls, name, price):
        return cls.env["product.product"].create(
            {
                "name": name,
                "available_in_pos": True,
                "list_price": price,
                "taxes_id": False,
            }
        )

    def test_fixture_prices(self):
        """Each till sells at its store's list, based on the chain list."""
        self.assertEqual(self.main_pos_config.pricelist_id, self.store_a.pricelist_id)
        self.assertEqual(self.pos_config_b.pricelist_id, self.store_b.pricelist_id)
        self.assertIn(
            self.chain_pricelist, self.pos_config_b._get_available_pricelists()
        )
        products = self.promo_tea | self.plain_tea
        self.assertEqual(
            self.store_a.pricelist_id._get_products_price(products, 1.0),
            {self.promo_tea.id: 8.0, self.plain_tea.id: 5.0},
        )
        self.assertEqual(
            self.store_b.pricelist_id._get_products_price(products, 1.0),
            {self.promo_tea.id: 10.0, self.plain_tea.id: 5.0},
        )

    def test_store_a_till_sells_at_store_price(self):
        """Store A's till shows A's price change and the chain price."""
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour(
            "multistore_pricing_pos_store_price_a", login=self.cashier_a.login
        )

    def test_store_b_till_sells_at_chain_price(self):
        """Store B's till ignores A's price change."""
        self.pos_config_b.with_user(self.cashier_b).open_ui()
        self.start_pos_tour(
            "multistore_pricing_pos_store_price_b",
            login=self.cashier_b.login,
            pos_config=self.pos_config_b,
        )

    def test_till_refuses_discount_above_store_limit(self):
        """Store A allows 10%: the till refuses 20%, accepts and syncs 5%."""
        self.store_a.pos_max_discount = 10.0
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        session = self.main_pos_config.current_session_id
        self.start_pos_tour(
            "multistore_pricing_pos_discount_limit", login=self.cashier_a.login
        )
        order = self.env["pos.order"].search([("session_id", "=", session.id)])
        self.assertEqual(len(order), 1, "the tour should have saved one order")
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.product_id, self.plain_tea)
        self.assertEqual(order.lines.discount, 5.0)
        self.assertAlmostEqual(order.amount_total, 4.75)

    def test_store_manager_till_goes_above_store_limit(self):
        """Store managers may give more than the store's limit: the till lets
        them, as the server does."""
        self.store_a.pos_max_discount = 10.0
        manager = self._create_store_cashier("ms_till_manager_a", self.store_a)
        manager.groups_id |= self.env.ref("multistore_base.group_store_manager")
        self.main_pos_config.with_user(manager).open_ui()
        session = self.main_pos_config.current_session_id
        self.start_pos_tour(
            "multistore_pricing_pos_discount_limit_manager", login=manager.login
        )
        order = self.env["pos.order"].search([("session_id", "=", session.id)])
        self.assertEqual(order.lines.discount, 20.0)
        self.assertAlmostEqual(order.amount_total, 4.0)
