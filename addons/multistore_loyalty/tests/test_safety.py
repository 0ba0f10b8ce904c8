from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltySafety(MultistoreLoyaltyCommon):
    """Balances never go below zero; an order synced twice counts once."""

    def test_redeem_more_than_balance_refused_nothing_written(self):
        self._set_points(self.card, 30)
        # 30 points on the card, at most 10 earned by this 10.00 order.
        order_vals = self._pos_order_vals(
            self.session_b,
            [self._pos_line(qty=1), self._reward_line(self.card, 45)],
            self.member,
        )
        with (
            self.assertRaisesRegex(UserError, "Redeem at most 40.0 points"),
            self.env.cr.savepoint(),
        ):
            self._sync_pos_order(order_vals, user=self.cashier_b)
        self.assertFalse(
            self.env["pos.order"].search([("uuid", "=", order_vals["uuid"])])
        )
        self.assertEqual(self.card.points, 30)
        self.assertFalse(self.card.history_ids)

    def test_balance_checked_whether_the_cashier_chooses_the_points(self):
        """Odoo's one click (the default) and partial redemption send the
        same reward lines: the server checks them the same way."""
        self._set_points(self.card, 30)
        for partial in (False, True):
            with self.subTest(partial=partial):
                self.program.multistore_partial_redemption = partial
                order_vals = self._pos_order_vals(
                    self.session_b,
                    [self._pos_line(qty=1), self._reward_line(self.card, 45)],
                    self.member,
                )
                with (
                    self.assertRaisesRegex(UserError, "Redeem at most 40.0 points"),
                    self.env.cr.savepoint(),
                ):
                    self._sync_pos_order(order_vals, user=self.cashier_b)
                self.assertEqual(self.card.points, 30)

    def test_redeem_points_earned_by_the_same_order(self):
        """applies_on "both": an order may spend what it earns itself; the
        part beyond the balance is settled with the till's confirmation."""
        self._set_points(self.card, 10)
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [self._pos_line(qty=3), self._reward_line(self.card, 25)],
                self.member,
            ),
            user=self.cashier_b,
        )
        # The balance is used up with the order, the rest waits.
        self.assertEqual(self.card.points, 0)
        self._confirm(order, 27.5 - 25, line_codes=["R1"], user=self.cashier_b)
        self.assertAlmostEqual(self.card.points, 10 - 25 + 27.5)
        line = self._history(order)
        self.assertEqual((line.used, line.issued), (25.0, 27.5))

    def test_redeem_part_of_balance(self):
        self._set_points(self.card, 30)
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [self._pos_line(qty=5), self._reward_line(self.card, 12)],
                self.member,
            ),
            user=self.cashier_b,
        )
        # Paid: the redemption is posted with the order.
        self.assertEqual(self.card.points, 18)
        self._confirm(order, 50 - 1.2 - 12, line_codes=["R1"], user=self.cashier_b)
        self.assertAlmostEqual(self.card.points, 30 - 12 + 48.8)
        line = self._history(order)
        self.assertEqual(len(line), 1)
        self.assertAlmostEqual(line.used, 12)
        self.assertAlmostEqual(line.issued, 48.8)
        self.assertEqual(line.store_id, self.store_b)

    def test_confirm_more_than_balance_refused(self):
        """A till confirming a spend the card cannot afford."""
        self._set_points(self.card, 5)
        order = self._sync_pos_order(
            self._pos_order_vals(self.session_a, [self._pos_line()], self.member)
        )
        with (
            self.assertRaisesRegex(UserError, "Redeem at most 5.0 points"),
            self.env.cr.savepoint(),
        ):
            self._confirm(order, -20)
        self.assertEqual(self.card.points, 5)
        self.assertFalse(self._history(order))

    def test_order_synced_twice_awards_points_once(self):
        order_vals = self._pos_order_vals(
            self.session_a, [self._pos_line(qty=4)], self.member
        )
        first = self._sync_pos_order(dict(order_vals), user=self.cashier_a)
        self._confirm(first, 40, user=self.cashier_a)
        self.assertEqual(self.card.points, 40)
        # The till lost the answer and sends the same order again.
        second = self._sync_pos_order(dict(order_vals), user=self.cashier_a)
        self.assertEqual(second, first)
        payload = self._confirm(second, 40, user=self.cashier_a)
        self.assertEqual(self.card.points, 40)
        self.assertEqual(len(self._history(first)), 1)
        self.assertEqual(
            self.env["pos.order"].search_count([("uuid", "=", order_vals["uuid"])]), 1
        )
        self.assertEqual(payload["coupon_updates"][0]["points"], 40)

    def test_redemption_synced_twice_deducts_once(self):
        self._set_points(self.card, 30)
        order_vals = self._pos_order_vals(
            self.session_a,
            [self._pos_line(qty=2), self._reward_line(self.card, 10)],
            self.member,
        )
        first = self._sync_pos_order(dict(order_vals))
        self.assertEqual(self.card.points, 20)
        self._sync_pos_order(dict(order_vals))
        self.assertEqual(self.card.points, 20)
        first.action_pos_order_paid()
        self.assertEqual(self.card.points, 20)
        self.assertEqual(len(self._history(first)), 1)

    def test_new_card_created_once(self):
        """A first purchase creates the member's card; a retry does not."""
        newcomer = self.env["res.partner"].create({"name": "New Member"})
        order = self._sync_pos_order(
            self._pos_order_vals(self.session_a, [self._pos_line(qty=2)], newcomer)
        )
        self._confirm(order, 20, card=False)
        self._confirm(order, 20, card=False)
        card = self.env["loyalty.card"].search([("partner_id", "=", newcomer.id)])
        self.assertEqual(len(card), 1)
        self.assertEqual(card.points, 20)
        self.assertEqual(card.history_ids.store_id, self.store_a)

    def test_sales_order_cannot_spend_points_gone_meanwhile(self):
        """A quotation redeems points the member spent at a till since."""
        self._set_points(self.card, 30)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "store_id": self.store_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 5}
                    )
                ],
            }
        )
        order._update_programs_and_rewards()
        order._apply_program_reward(self.reward, self.card)
        # applies_on "both": the quotation may spend the 30 points of the card
        # and the 50 it earns itself.
        reward_line = order.order_line.filtered("is_reward_line")
        self.assertEqual(reward_line.points_cost, 80)
        # Meanwhile the member spends 20 points at a till.
        self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [self._pos_line(qty=3), self._reward_line(self.card, 20)],
                self.member,
            )
        )
        self.assertEqual(self.card.points, 10)
        with (
            self.assertRaisesRegex(UserError, "has 10.0 points but"),
            self.env.cr.savepoint(),
        ):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(self.card.points, 10)

    def test_negative_settings_refused(self):
        with self.assertRaises(ValidationError):
            self.env.company.multistore_points_expiry_months = -1
