from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_returns.tests.common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestTierReturns(ReturnsCommon):
    """Members of a tier with extra return days (退货无忧) return later, at
    every till (returns anywhere too) and in the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["multistore.loyalty.tier"]
        Tier.search([]).active = False
        cls.silver = Tier.create({"name": "Silver", "threshold": 500})
        cls.gold = Tier.create(
            {"name": "Gold", "threshold": 1000, "return_extra_days": 23}
        )

    def _make_member(self, tier):
        # Tiers follow spending and are never entered: set as the server does.
        self.customer.sudo().multistore_tier_id = tier

    def test_tier_extends_the_window(self):
        Policy = self.env["multistore.return.policy"]
        self.assertEqual(Policy._return_days(self.product, self.customer), 3)
        self._make_member(self.silver)
        self.assertEqual(Policy._return_days(self.product, self.customer), 3)
        self._make_member(self.gold)
        self.assertEqual(Policy._return_days(self.product, self.customer), 26)
        self.assertEqual(Policy._return_days(self.coat, self.customer), 53)
        # A contact of the member's company is the member.
        contact = self.env["res.partner"].create(
            {"name": "Contact", "parent_id": self.customer.id}
        )
        self.assertEqual(Policy._return_days(self.product, contact), 26)

    def test_till_refund_of_a_gold_member(self):
        """Green Tea (3 days) sold 10 days ago: refunded for a Gold member
        only, by store B's till too (returns anywhere)."""
        sale = self._till_sale(self.product, 2, days_ago=10)
        self._make_member(self.silver)
        count = self.env["pos.order"].search_count([])
        with self.assertRaises(ValidationError) as cm:
            self._till_refund(sale, 1)
        self.assertIn("return window is over", str(cm.exception))
        self.assertEqual(self.env["pos.order"].search_count([]), count)
        self._make_member(self.gold)
        self.assertEqual(self._till_refund(sale, 1).state, "paid")
        # Every paid order moves the member to the tier of their spend again.
        self._make_member(self.gold)
        refund = self._till_refund(sale, 1, user=self.staff_b, session=self.session_b)
        self.assertEqual(refund.store_id, self.store_b)
        self.assertEqual(sale.lines.refunded_qty, 2)

    def test_another_store_refund_outside_the_window(self):
        sale = self._till_sale(self.product, 1, days_ago=5)
        count = self.env["pos.order"].search_count([])
        with self.assertRaises(ValidationError) as cm:
            self._till_refund(sale, 1, user=self.staff_b, session=self.session_b)
        self.assertIn("return window is over", str(cm.exception))
        self.assertEqual(self.env["pos.order"].search_count([]), count)

    def test_back_office_return_of_a_gold_member(self):
        """Wool Coat (30 days) delivered 40 days ago: Gold's 53 days."""
        _order, delivery = self._delivered_sale(self.coat, 1, days_ago=40)
        wizard = self._return_wizard(
            delivery, 1, user=self.staff_a, reason=self.reason_quality
        )
        with self.assertRaises(ValidationError):
            wizard.action_create_returns()
        self.assertFalse(self._returns_of(delivery))
        self._make_member(self.gold)
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self.assertEqual(back.multistore_return_reason_id, self.reason_quality)

    def test_extra_days_are_the_chain_managers(self):
        with self.assertRaises(AccessError):
            self.gold.with_user(self.manager_a).write({"return_extra_days": 90})
        self.assertEqual(self.gold.return_extra_days, 23)
        self.gold.with_user(self.chain_manager).write({"return_extra_days": 30})
        self.assertEqual(self.gold.return_extra_days, 30)
        with self.assertRaises(ValidationError) as cm:
            self.gold.write({"return_extra_days": -1})
        self.assertIn("enter 0 or more days", str(cm.exception))
