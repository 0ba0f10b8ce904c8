from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.multistore_return_policy import APPROVAL_AMOUNT_PARAM, RETURN_DAYS_PARAM
from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestTillRefund(ReturnsCommon):
    """The return policy on refunds sent by a till (``sync_from_ui``)."""

    def _assert_refused(self, sale, qty, expected, user=None, session=None):
        """The refund is refused with a message containing ``expected`` and
        nothing is written: no refund order, nothing refunded."""
        PosOrder = self.env["pos.order"]
        count = PosOrder.search_count([])
        with self.assertRaises(ValidationError) as cm:
            self._till_refund(sale, qty, user=user, session=session)
        self.assertIn(expected, str(cm.exception))
        self.assertEqual(PosOrder.search_count([]), count)
        self.assertFalse(sale.lines.refund_orderline_ids)
        self.assertEqual(sale.lines.refunded_qty, 0)
        return str(cm.exception)

    def test_window_of_the_category(self):
        """Green Tea (Fresh: 3 days): refunded 3 days after, not 4."""
        sale = self._till_sale(self.product, 2, days_ago=4)
        message = self._assert_refused(sale, 1, "return window is over")
        self.assertIn("Green Tea", message)
        self.assertIn("3 days", message)
        sale.sudo().date_order = self._days_ago(3)
        refund = self._till_refund(sale, 1)
        self.assertEqual(refund.state, "paid")
        self.assertEqual(sale.lines.refunded_qty, 1)

    def test_window_of_another_category_and_child_inherits(self):
        """Wool Coat (Coats, under Apparel: 30 days)."""
        sale = self._till_sale(self.coat, 1, days_ago=20)
        self.assertEqual(self._till_refund(sale, 1).state, "paid")
        sale = self._till_sale(self.coat, 1, days_ago=31)
        self._assert_refused(sale, 1, "return window is over")

    def test_chain_default_window(self):
        """Mug (no window on its category): the chain's 7 days, then 10."""
        sale = self._till_sale(self.mug, 1, days_ago=8)
        self._assert_refused(sale, 1, "7 days")
        self._set_param(RETURN_DAYS_PARAM, 10)
        self.assertEqual(self._till_refund(sale, 1).state, "paid")

    def test_approval_above_amount(self):
        """Refunds above 50.00 are a store manager's."""
        self._set_param(APPROVAL_AMOUNT_PARAM, 50)
        sale = self._till_sale(self.product, 10)
        self._assert_refused(sale, 6, "Ask your store manager")
        # 50.00 is not above 50.00.
        self.assertEqual(self._till_refund(sale, 5).state, "paid")
        refund = self._till_refund(sale, 5, user=self.manager_a)
        self.assertEqual(refund.state, "paid")
        self.assertEqual(refund.amount_total, -50.0)
        self.assertEqual(sale.lines.refunded_qty, 10)

    def test_approval_off_by_default(self):
        sale = self._till_sale(self.coat, 3)
        self.assertEqual(self._till_refund(sale, 3).amount_total, -300.0)

    def test_more_than_bought_refused(self):
        """Still multistore_base's check, whatever the policy says."""
        sale = self._till_sale(self.product, 2)
        self._assert_refused(sale, 3, "Refund at most 2")
