from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestMultistorePosTour(TestPointOfSaleHttpCommon):
    """A store cashier sells at their store's till and only there.

    The store record rules are global and also apply to the till's own RPCs
    (session load, order sync), so a till that works for Odoo's plain POS
    user may still break for a store-restricted one: these tests drive the
    real POS front end with such a user.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accounting fixture runs as its own test user, made a POS manager
        # by the parent class; setting up the chain needs a chain manager.
        cls.env.user.groups_id += cls.env.ref("multistore_base.group_chain_manager")
        warehouse_a = cls.main_pos_config.warehouse_id
        # The fixture's till ships from the company's own warehouse, which no
        # store has claimed yet: a second store on it would break the
        # one-store-per-warehouse constraint.
        cls.store_a = cls.env["multistore.store"].create(
            {"name": "Store A", "code": "MS-A", "warehouse_id": warehouse_a.id}
        )
        warehouse_b = cls.env["stock.warehouse"].create(
            {"name": "Store B Warehouse", "code": "MSB"}
        )
        cls.store_b = cls.env["multistore.store"].create(
            {"name": "Store B", "code": "MS-B", "warehouse_id": warehouse_b.id}
        )
        cls.pos_config_b = cls.env["pos.config"].create(
            {"name": "Shop B", "warehouse_id": warehouse_b.id}
        )
        cls.cashier_a = new_test_user(
            cls.env,
            login="ms_cashier_a",
            groups="multistore_base.group_store_user",
            company_id=cls.env.company.id,
            store_ids=[Command.set(cls.store_a.ids)],
            store_id=cls.store_a.id,
            tz="America/New_York",
        )
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
