from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.multistore_return_policy import TILL_REASON_PARAM
from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestTillReason(ReturnsCommon):
    """The reason of a till refund: chosen at the till, stored on the refund,
    checked by the server when the till syncs it."""

    def _assert_refused(self, sale, expected, **kwargs):
        PosOrder = self.env["pos.order"]
        count = PosOrder.search_count([])
        with self.assertRaises(UserError) as cm:
            self._till_refund(sale, 1, **kwargs)
        self.assertIn(expected, str(cm.exception))
        self.assertEqual(PosOrder.search_count([]), count)
        self.assertFalse(sale.lines.refund_orderline_ids)
        return str(cm.exception)

    def test_reason_stored_on_the_refund(self):
        sale = self._till_sale(self.mug, 2)
        refund = self._till_refund(sale, 1, reason=self.reason_size)
        self.assertEqual(refund.state, "paid")
        self.assertEqual(refund.multistore_return_reason_id, self.reason_size)
        self.assertFalse(sale.multistore_return_reason_id)

    def test_reason_optional_until_the_chain_requires_it(self):
        sale = self._till_sale(self.mug, 3)
        self.assertFalse(self.config_a.multistore_return_reason_required)
        self.assertEqual(self._till_refund(sale, 1).state, "paid")
        self._set_param(TILL_REASON_PARAM, True)
        self.config_a.invalidate_recordset()
        self.assertTrue(self.config_a.multistore_return_reason_required)
        message = self._assert_refused_keep(sale, "needs a reason")
        self.assertIn("Return Reason", message)
        refund = self._till_refund(sale, 1, reason=self.reason_quality)
        self.assertEqual(refund.multistore_return_reason_id, self.reason_quality)
        # Sales need no reason.
        self.assertEqual(self._till_sale(self.mug, 1).state, "paid")

    def _assert_refused_keep(self, sale, expected, **kwargs):
        """Refused, and what was refunded before stays as it was."""
        PosOrder = self.env["pos.order"]
        count = PosOrder.search_count([])
        refunded = sale.lines.refunded_qty
        with self.assertRaises(UserError) as cm:
            self._till_refund(sale, 1, **kwargs)
        self.assertIn(expected, str(cm.exception))
        self.assertEqual(PosOrder.search_count([]), count)
        self.assertEqual(sale.lines.refunded_qty, refunded)
        return str(cm.exception)

    def test_archived_reason_refused(self):
        """Even while reasons are optional: a reason the chain no longer uses."""
        sale = self._till_sale(self.mug, 1)
        self.reason_size.active = False
        self._assert_refused(sale, "no longer used", reason=self.reason_size)
        self._set_param(TILL_REASON_PARAM, True)
        self._assert_refused(sale, "no longer used", reason=self.reason_size)

    def test_manager_needs_a_reason_too(self):
        self._set_param(TILL_REASON_PARAM, True)
        sale = self._till_sale(self.mug, 1)
        self._assert_refused(sale, "needs a reason", user=self.manager_a)

    def test_refund_by_another_store_needs_a_reason(self):
        """Returns anywhere: store B's till refunds store A's sale."""
        self._set_param(TILL_REASON_PARAM, True)
        sale = self._till_sale(self.mug, 1)
        self._assert_refused(
            sale, "needs a reason", user=self.staff_b, session=self.session_b
        )
        refund = self._till_refund(
            sale, 1, user=self.staff_b, session=self.session_b, reason=self.reason_size
        )
        self.assertEqual(refund.store_id, self.store_b)
        self.assertEqual(refund.multistore_return_reason_id, self.reason_size)

    def test_reason_of_a_paid_refund_does_not_change(self):
        sale = self._till_sale(self.mug, 2)
        refund = self._till_refund(sale, 1, reason=self.reason_size)
        self.env.invalidate_all()
        with self.assertRaises(UserError) as cm:
            refund.with_user(self.staff_a).write(
                {"multistore_return_reason_id": self.reason_quality.id}
            )
        self.assertIn("no longer changes", str(cm.exception))
        with self.assertRaises(UserError):
            refund.with_user(self.staff_a).write({"multistore_return_reason_id": False})
        # The till syncing it again sends the same reason.
        refund.with_user(self.staff_a).write(
            {"multistore_return_reason_id": self.reason_size.id}
        )
        self.assertEqual(refund.multistore_return_reason_id, self.reason_size)

    def test_other_store_cannot_touch_the_refund(self):
        sale = self._till_sale(self.mug, 2)
        refund = self._till_refund(sale, 1, reason=self.reason_size)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            refund.with_user(self.staff_b).write(
                {"multistore_return_reason_id": self.reason_size.id}
            )
        with self.assertRaises(AccessError):
            refund.with_user(self.staff_b).read(["multistore_return_reason_id"])

    def test_back_office_refund_checks_the_reason(self):
        """A refund paid from the back office (Odoo's Refund button, then
        Payment) follows the same rule."""
        self._set_param(TILL_REASON_PARAM, True)
        sale = self._till_sale(self.mug, 1)
        # The payment wizard of the back office is a POS administrator's.
        self.manager_a.groups_id |= self.env.ref("point_of_sale.group_pos_manager")
        self.env.invalidate_all()
        sale_as_manager = sale.with_user(self.manager_a)
        refund = self.env["pos.order"].browse(sale_as_manager.refund()["res_id"])
        refund = refund.with_user(self.manager_a)
        payment = (
            self.env["pos.make.payment"]
            .with_user(self.manager_a)
            .with_context(active_id=refund.id, active_ids=refund.ids)
            .create({"amount": refund.amount_total})
        )
        with self.assertRaises(UserError) as cm:
            payment.check()
        self.assertIn("needs a reason", str(cm.exception))
        self.assertEqual(refund.state, "draft")
        refund.write({"multistore_return_reason_id": self.reason_quality.id})
        payment.check()
        self.assertEqual(refund.state, "paid")
        self.assertEqual(refund.multistore_return_reason_id, self.reason_quality)

    def test_back_office_wizard_refuses_an_archived_reason(self):
        _order, delivery = self._delivered_sale(self.coat, 1)
        self.reason_size.active = False
        wizard = self._return_wizard(
            delivery, 1, user=self.staff_a, reason=self.reason_size
        )
        with self.assertRaises(UserError) as cm:
            wizard.action_create_returns()
        self.assertIn("no longer used", str(cm.exception))
        self.assertFalse(self._returns_of(delivery))

    def test_reasons_loaded_by_the_till_and_reported(self):
        self.reason_size.active = False
        session = self.session_a.with_user(self.staff_a)
        self.env.invalidate_all()
        data = session.load_data(["multistore.return.reason", "pos.config"])
        loaded = {r["id"] for r in data["multistore.return.reason"]["data"]}
        self.assertIn(self.reason_quality.id, loaded)
        self.assertNotIn(self.reason_size.id, loaded)
        self.assertIn(
            "multistore_return_reason_required", data["pos.config"]["data"][0]
        )
        self.reason_size.active = True
        sale = self._till_sale(self.mug, 3)
        self._till_refund(sale, 1, reason=self.reason_size)
        self._till_refund(sale, 1, reason=self.reason_size)
        self.env.flush_all()
        groups = self.env["report.pos.order"].read_group(
            [("multistore_return_reason_id", "!=", False)],
            ["product_qty:sum"],
            ["multistore_return_reason_id"],
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(
            groups[0]["multistore_return_reason_id"][0], self.reason_size.id
        )
        self.assertEqual(groups[0]["product_qty"], -2)
