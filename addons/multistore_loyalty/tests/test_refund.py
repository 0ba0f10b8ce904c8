from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyRefund(MultistoreLoyaltyCommon):
    """A refund, in any store, reverses the points of the refunded lines."""

    def _refund(self, session, order, qty_by_line, user=None):
        lines = [
            self._pos_line(
                line.product_id,
                line.price_unit,
                qty=-qty,
                refunded_orderline_id=line.id,
                **(
                    {
                        "is_reward_line": True,
                        "reward_id": line.reward_id.id,
                        "coupon_id": line.coupon_id.id,
                        "points_cost": line.points_cost,
                        "reward_identifier_code": line.reward_identifier_code,
                    }
                    if line.is_reward_line
                    else {}
                ),
            )
            for line, qty in qty_by_line.items()
        ]
        return self._sync_pos_order(
            self._pos_order_vals(session, lines, order.partner_id), user=user
        )

    def _refund_history(self, refund):
        return self._history(refund).filtered(lambda line: line.kind == "refund")

    def test_refund_in_other_store_takes_back_earned_points(self):
        order = self._sell(self.session_a, 10)
        self.assertEqual(self.card.points, 100)
        refund = self._refund(self.session_b, order, {order.lines: 4})
        self.assertEqual(refund.store_id, self.store_b)
        self.assertEqual(self.card.points, 60)
        line = self._refund_history(refund)
        self.assertEqual(
            (line.used, line.issued, line.store_id, line.pos_config_id),
            (40.0, 0.0, self.store_b, self.config_b),
        )
        # The till confirms the refund too: nothing more changes.
        self._confirm(refund, 0)
        self.assertEqual(self.card.points, 60)

    def test_successive_refunds_take_back_at_most_what_was_earned(self):
        order = self._sell(self.session_a, 10)
        self._refund(self.session_b, order, {order.lines: 6})
        self._refund(self.session_a, order, {order.lines: 4})
        self.assertEqual(self.card.points, 0)
        taken = self.env["loyalty.history"].search(
            [("card_id", "=", self.card.id), ("kind", "=", "refund")]
        )
        self.assertEqual(sum(taken.mapped("used")), 100)
        self.assertEqual(taken.store_id, self.store_a | self.store_b)

    def test_refund_gives_back_points_of_refunded_reward(self):
        self._set_points(self.card, 50)
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_a,
                [self._pos_line(qty=5), self._reward_line(self.card, 20)],
                self.member,
            )
        )
        self._confirm(order, 48 - 20, line_codes=["R1"])
        self.assertEqual(self.card.points, 78)
        reward_line = order.lines.filtered("is_reward_line")
        goods = order.lines - reward_line
        refund = self._refund(self.session_b, order, {goods: 5, reward_line: 1})
        self.assertEqual(self.card.points, 50)
        history = self._refund_history(refund)
        self.assertEqual(sorted(history.mapped("issued")), [0.0, 20.0])
        self.assertEqual(sorted(history.mapped("used")), [0.0, 48.0])
        self.assertEqual(history.store_id, self.store_b)

    def test_take_back_stops_at_zero(self):
        order = self._sell(self.session_a, 10)
        # The member spent 90 of the 100 points elsewhere already.
        spend = self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [self._pos_line(qty=10), self._reward_line(self.card, 90)],
                self.member,
            )
        )
        self.assertEqual(self.card.points, 10)
        self._confirm(spend, -90, line_codes=["R1"])
        self.assertEqual(self.card.points, 10)
        refund = self._refund(self.session_b, order, {order.lines: 10})
        self.assertEqual(self.card.points, 0)
        line = self._refund_history(refund)
        self.assertEqual(line.used, 10)
        self.assertIn("90.0 points were already spent", line.description)

    def test_refund_more_than_sold_refused_nothing_written(self):
        order = self._sell(self.session_a, 3)
        self._refund(self.session_b, order, {order.lines: 2})
        points = self.card.points
        order_vals = self._pos_order_vals(
            self.session_b,
            [
                self._pos_line(
                    qty=-2, price_unit=10.0, refunded_orderline_id=order.lines.id
                )
            ],
            self.member,
        )
        with (
            self.assertRaisesRegex(ValidationError, "Refund at most 1.0"),
            self.env.cr.savepoint(),
        ):
            self._sync_pos_order(order_vals)
        self.assertFalse(
            self.env["pos.order"].search([("uuid", "=", order_vals["uuid"])])
        )
        self.assertEqual(self.card.points, points)
        self.assertEqual(order.lines.refunded_qty, 2)

    def test_backend_refund_reverses_points(self):
        order = self._sell(self.session_a, 2)
        refund = order._refund()
        self.assertEqual(self.card.points, 20)
        payment = (
            self.env["pos.make.payment"]
            .with_context(active_id=refund.id, active_ids=refund.ids)
            .create({"payment_method_id": self.pos_payment_method.id})
        )
        payment.check()
        self.assertEqual(refund.state, "paid")
        self.assertEqual(self.card.points, 0)
        self.assertEqual(self._refund_history(refund).store_id, self.store_a)
