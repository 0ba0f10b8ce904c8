from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistorePosTourCommon


@tagged("post_install", "-at_install")
class TestMultistorePosTour(MultistorePosTourCommon):
    """A store cashier sells at their store's till and only there.

    The store record rules are global and also apply to the till's own RPCs
    (session load, order sync), so a till that works for Odoo's plain POS
    user may still break for a store-restricted one: these tests drive the
    real POS front end with such a user.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mug = cls.env["product.product"].create(
            {
                "name": "Multistore Mug",
                "available_in_pos": True,
                "list_price": 7.0,
                "taxes_id": False,
            }
        )

    def test_fixture_stores(self):
        """The tills belong to the stores of their warehouses."""
        self.assertEqual(self.main_pos_config.store_id, self.store_a)
        self.assertEqual(self.pos_config_b.store_id, self.store_b)

    def test_cashier_sells_at_own_store_till(self):
        """The cashier of store A opens A's till, sells and the sale is A's."""
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        session = self.main_pos_config.current_session_id
        self.assertEqual(session.store_id, self.store_a)
        self.start_pos_tour(
            "multistore_base_pos_store_sale", login=self.cashier_a.login
        )
        order = self.env["pos.order"].search([("session_id", "=", session.id)])
        self.assertEqual(len(order), 1, "the tour should have saved one order")
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.store_id, self.store_a)
        self.assertEqual(order.lines.product_id, self.mug)
        self.assertAlmostEqual(order.amount_paid, 7.0)
        # The cashier, not only the superuser, sees the sale they made.
        self.assertEqual(
            self.env["pos.order"]
            .with_user(self.cashier_a)
            .search([("session_id", "=", session.id)]),
            order,
        )

    def test_cashier_cannot_reach_other_store_till(self):
        """Store B's till is invisible and closed to store A's cashier."""
        config_b = self.pos_config_b.with_user(self.cashier_a)
        with self.assertRaises(AccessError):
            config_b.read(["name"])
        with self.assertRaises(AccessError):
            config_b.open_ui()
        tills = self.env["pos.config"].with_user(self.cashier_a).search([])
        self.assertIn(self.main_pos_config, tills)
        self.assertNotIn(self.pos_config_b, tills)
