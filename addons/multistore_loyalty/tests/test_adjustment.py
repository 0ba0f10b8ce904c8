from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyAdjustment(MultistoreLoyaltyCommon):
    """Manual points: staff request, a manager of the store approves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_b = cls._create_user(
            "ms_loy_manager_b", "group_store_manager", cls.store_b
        )
        cls.Adjustment = cls.env["multistore.loyalty.adjustment"]

    def _request(self, points, user=None, store=None, reason="Receipt not scanned"):
        # Tracked like in the web client (the fixture disables tracking).
        Adjustment = self.Adjustment.with_context(
            tracking_disable=False, mail_notrack=False
        )
        return Adjustment.with_user(user or self.cashier_a).create(
            {
                "card_id": self.card.id,
                "points": points,
                "reason": reason,
                "store_id": (store or self.store_a).id,
            }
        )

    def _flush_tracking(self):
        """End of a request: the chatter writes what changed."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_request_then_approve_posts_the_points(self):
        self._set_points(self.card, 5)
        adjustment = self._request(25)
        self.assertEqual(adjustment.state, "draft")
        self.assertEqual(adjustment.requested_by_id, self.cashier_a)
        self.assertTrue(adjustment.name.startswith("PA/"))
        self.assertEqual(self.card.points, 5)
        self._flush_tracking()
        adjustment.with_user(self.manager_a).action_approve()
        self.assertEqual(self.card.points, 30)
        self.assertEqual(
            (adjustment.state, adjustment.approved_by_id),
            ("approved", self.manager_a),
        )
        line = adjustment.history_id
        self.assertEqual(
            (line.card_id, line.issued, line.kind, line.store_id),
            (self.card, 25.0, "manual", self.store_a),
        )
        self.assertIn("Receipt not scanned", line.description)
        # Audited: the chatter tracks who approved.
        self._flush_tracking()
        self.assertTrue(
            adjustment.sudo().message_ids.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "state"
            )
        )

    def test_staff_cannot_approve_or_write_the_state(self):
        adjustment = self._request(25)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            adjustment.with_user(self.cashier_a).action_approve()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            adjustment.with_user(self.cashier_a).write({"state": "approved"})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.Adjustment.with_user(self.cashier_a).create(
                {
                    "card_id": self.card.id,
                    "points": 100,
                    "reason": "friend",
                    "store_id": self.store_a.id,
                    "state": "approved",
                }
            )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.Adjustment.with_user(self.cashier_a).create(
                {
                    "card_id": self.card.id,
                    "points": 100,
                    "reason": "friend",
                    "store_id": self.store_a.id,
                    "requested_by_id": self.manager_a.id,
                }
            )
        self.assertEqual(adjustment.state, "draft")
        self.assertEqual(self.card.points, 0)

    def test_manager_of_another_store_cannot_see_or_approve(self):
        adjustment = self._request(25)
        self.env.invalidate_all()
        self.assertFalse(
            self.Adjustment.with_user(self.manager_b).search(
                [("id", "=", adjustment.id)]
            )
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            adjustment.with_user(self.manager_b).action_approve()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            adjustment.with_user(self.cashier_b).read(["points"])
        # Nor request one for a store that is not theirs.
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self._request(10, user=self.cashier_b, store=self.store_a)
        self.assertEqual(self.card.points, 0)
        # A chain manager decides for every store.
        adjustment.with_user(self.chain_manager).action_approve()
        self.assertEqual(self.card.points, 25)

    def test_never_below_zero(self):
        self._set_points(self.card, 10)
        adjustment = self._request(-15)
        with (
            self.assertRaisesRegex(UserError, "Take off at most 10.0"),
            self.env.cr.savepoint(),
        ):
            adjustment.with_user(self.manager_a).action_approve()
        self.assertEqual((adjustment.state, self.card.points), ("draft", 10))
        self.assertFalse(self.card.history_ids)
        adjustment.write({"points": -10})
        adjustment.with_user(self.manager_a).action_approve()
        self.assertEqual(self.card.points, 0)
        self.assertEqual(adjustment.history_id.used, 10)

    def test_no_self_approval_for_store_managers(self):
        adjustment = self._request(20, user=self.manager_a)
        with (
            self.assertRaisesRegex(UserError, "another manager"),
            self.env.cr.savepoint(),
        ):
            adjustment.with_user(self.manager_a).action_approve()
        self.assertEqual(self.card.points, 0)

    def test_decided_adjustment_is_final(self):
        adjustment = self._request(20)
        adjustment.with_user(self.manager_a).action_refuse()
        self.assertEqual(adjustment.state, "refused")
        self.assertEqual(self.card.points, 0)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            adjustment.with_user(self.manager_a).action_approve()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            adjustment.with_user(self.manager_a).write({"points": 50})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            adjustment.with_user(self.chain_manager).unlink()
        self.assertEqual(self.card.points, 0)

    def test_reason_and_points_required(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._request(0)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._request(10, reason="   ")

    def test_balance_button_opens_a_request(self):
        action = self.card.with_user(self.cashier_a).action_loyalty_update_balance()
        self.assertEqual(action["res_model"], "multistore.loyalty.adjustment")
        self.assertEqual(action["context"]["default_card_id"], self.card.id)

    def test_request_and_approval_are_in_the_operation_log(self):
        adjustment = self._request(12)
        adjustment.with_user(self.manager_a).action_approve()
        logs = self.env["auditlog.log"].search(
            [("model_model", "=", adjustment._name), ("res_id", "=", adjustment.id)]
        )
        self.assertEqual(
            set(logs.mapped("method")) & {"create", "write"}, {"create", "write"}
        )
        self.assertEqual(logs.store_id, self.store_a)
        self.assertIn(self.manager_a, logs.user_id)
