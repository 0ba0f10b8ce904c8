from odoo import Command
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.multistore_crm.tests.common import MultistoreAffinityCommon

PANEL_KEYS = {
    "partner_id",
    "name",
    "has_history",
    "amount",
    "order_count",
    "average_basket",
    "last_date",
    "days_since",
    "refund_count",
    "open_order_count",
    "favourite_store",
    "categories",
    "rfm_segment",
    "tier",
    "points",
    "recommendations",
}


@tagged("post_install", "-at_install")
class TestCustomerPanel(MultistoreAffinityCommon):
    """The till's customer panel, called as the till calls it (JSON-RPC
    ``call_kw`` on ``pos.config``), by friendly and hostile users."""

    def _call(self, user, config, *args):
        self.env.invalidate_all()
        return call_kw(
            self.env["pos.config"].with_user(user),
            "multistore_crm_customer_panel",
            [config.ids, *args],
            {},
        )

    def test_panel_shows_the_customer_360(self):
        alice = self.customers["alice"]
        panel = self._call(self.staff_a, self.config_a, alice.id)
        self.assertEqual(set(panel), PANEL_KEYS)
        profile = self.env["multistore.customer.profile"].search(
            [("partner_id", "=", alice.id)]
        )
        facts, totals, _categs = self._expected()
        favourite = max(
            (store for partner, store in facts if partner == alice),
            key=lambda store: (facts[alice, store]["amount"], -store.id),
        )
        # The figures of MultistoreCrmCommon plus the baskets of the affinity
        # fixture, counted from the order lines.
        self.assertAlmostEqual(panel["amount"], totals[alice]["amount"], 2)
        self.assertEqual(panel["order_count"], totals[alice]["visits"])
        self.assertAlmostEqual(panel["amount"], profile.amount, 2)
        self.assertEqual(panel["favourite_store"], favourite.display_name)
        self.assertEqual(panel["refund_count"], 1)
        self.assertEqual(panel["open_order_count"], 1)
        self.assertEqual(panel["name"], "Alice")
        self.assertTrue(panel["has_history"])
        self.assertTrue(panel["last_date"])
        self.assertEqual(
            panel["categories"][0], profile.favourite_categ_1_id.display_name
        )

    def test_panel_recommends_till_products(self):
        grace = self.customers["grace"]
        allowed = self.env["product.product"].search(
            self.config_a._get_available_product_domain()
        )
        panel = self._call(self.staff_a, self.config_a, grace.id)
        self.assertEqual(
            [rec["product_id"] for rec in panel["recommendations"]],
            [p.id for p in self._expected_recommendations(grace, allowed=allowed)],
        )
        self.assertEqual(
            [rec["name"] for rec in panel["recommendations"]], ["Green Tea", "Biscuits"]
        )
        self.assertEqual(panel["recommendations"][0]["because"], "Teapot")
        # Not sold at the tills: not recommended there.
        self.biscuits.available_in_pos = False
        panel = self._call(self.staff_a, self.config_a, grace.id)
        self.assertEqual(
            [rec["name"] for rec in panel["recommendations"]], ["Green Tea"]
        )

    def test_customer_without_history(self):
        henry = self.customers["henry"]
        panel = self._call(self.staff_b, self.config_b, henry.id)
        self.assertFalse(panel["has_history"])
        self.assertEqual(panel["order_count"], 0)
        # His quotation is open.
        self.assertEqual(panel["open_order_count"], 1)
        self.assertEqual(panel["recommendations"], [])
        self.assertFalse(panel["last_date"])

    def test_other_store_till_is_refused(self):
        grace = self.customers["grace"]
        with self.assertRaises(AccessError):
            self._call(self.staff_b, self.config_a, grace.id)
        with self.assertRaises(AccessError):
            self._call(self.staff_a, self.config_b, grace.id)
        # A chain manager may look from any till.
        self.assertTrue(self._call(self.chain_manager, self.config_b, grace.id))

    def test_users_outside_the_store_roles_are_refused(self):
        cashier = new_test_user(
            self.env,
            login="ms_crm_pos_plain",
            groups="point_of_sale.group_pos_user",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        with self.assertRaises(AccessError):
            self._call(cashier, self.config_a, self.customers["grace"].id)

    def test_one_customer_only(self):
        grace, bob = self.customers["grace"], self.customers["bob"]
        for bad in ([grace.id, bob.id], [("id", ">", 0)], "1", None, True, 1.5):
            with self.assertRaises(UserError, msg=repr(bad)):
                self._call(self.staff_a, self.config_a, bad)
        with self.assertRaises(UserError):
            self._call(self.staff_a, self.config_a, 999999999)
        # One till at a time.
        with self.assertRaises(ValueError):
            call_kw(
                self.env["pos.config"].with_user(self.chain_manager),
                "multistore_crm_customer_panel",
                [(self.config_a | self.config_b).ids, grace.id],
                {},
            )

    def test_till_without_session_is_refused(self):
        config = self._create_pos_config(self.store_a)
        with self.assertRaises(UserError):
            self._call(self.staff_a, config, self.customers["grace"].id)
