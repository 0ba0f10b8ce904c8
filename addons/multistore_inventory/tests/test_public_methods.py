from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestPublicMethods(MultistoreInventoryCommon):
    """Every public method of the addon checks who calls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = new_test_user(
            cls.env,
            login="ms_outsider",
            groups="base.group_user,stock.group_stock_user,point_of_sale.group_pos_user",
        )

    def test_planner_run_is_for_chain_managers(self):
        Planner = self.env["multistore.replenishment"]
        for user in (self.staff_a, self.manager_a, self.outsider):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(AccessError, "Chain manager"),
            ):
                Planner.with_user(user).action_run_planner()
        self.assertFalse(self.Transfer.search([]))
        action = Planner.with_user(self.chain_manager).action_run_planner()
        self.assertEqual(action["tag"], "display_notification")

    def test_other_stores_stock_only_for_a_till_of_ones_store(self):
        self._set_stock(self.store_b, 9.0)
        till_a = self._create_pos_config(self.store_a)
        till_b = self._create_pos_config(self.store_b)
        Product = self.env["product.product"]
        rows = Product.with_user(self.staff_a).multistore_other_stores_stock(
            self.product.id, till_a.id
        )
        self.assertEqual(
            [(r["store"], r["qty"]) for r in rows], [(self.store_b.display_name, 9.0)]
        )
        self.assertEqual(set(rows[0]), {"store", "qty", "phone", "address"})
        with self.assertRaises(AccessError):
            Product.with_user(self.staff_a).multistore_other_stores_stock(
                self.product.id, till_b.id
            )
        with self.assertRaisesRegex(AccessError, "Store staff"):
            Product.with_user(self.outsider).multistore_other_stores_stock(
                self.product.id, till_a.id
            )
        for args in (("1", till_a.id), (self.product.id, [till_a.id]), (0, 0)):
            with self.subTest(args=args), self.assertRaises(UserError):
                Product.with_user(self.staff_a).multistore_other_stores_stock(*args)

    def test_stock_per_store_button_needs_a_store_role(self):
        action = self.product.with_user(self.staff_a).action_view_store_stock()
        self.assertEqual(action["res_model"], "multistore.stock.matrix")
        with self.assertRaisesRegex(AccessError, "Store staff"):
            self.product.with_user(self.outsider).action_view_store_stock()
