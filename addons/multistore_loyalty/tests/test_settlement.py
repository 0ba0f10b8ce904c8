from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltySettlement(MultistoreLoyaltyCommon):
    """Points issued by a store and redeemed at another, with their value."""

    def _redeem(self, session, points, qty=1):
        order = self._sync_pos_order(
            self._pos_order_vals(
                session,
                [self._pos_line(qty=qty), self._reward_line(self.card, points)],
                self.member,
            )
        )
        self._confirm(order, -points, line_codes=["R1"])
        return order

    def _matrix(self, user=None):
        Settlement = self.env["multistore.loyalty.settlement"]
        if user:
            Settlement = Settlement.with_user(user)
        rows = Settlement.search([("card_id", "=", self.card.id)])
        matrix = {}
        for row in rows:
            key = (row.issue_store_id.code, row.redeem_store_id.code)
            points, amount = matrix.get(key, (0.0, 0.0))
            matrix[key] = (round(points + row.points, 2), round(amount + row.amount, 2))
        return matrix

    def test_settlement_matrix(self):
        self.env.company.multistore_point_value = 0.5
        self._sell(self.session_a, 10)  # A issues 100
        self._sell(self.session_b, 5)  # B issues 50
        self._redeem(self.session_b, 30)  # 2/3 from A, 1/3 from B
        self._sell(self.session_b, 6)  # B issues 60 (110 in all)
        self._redeem(self.session_a, 42)  # 100/210 from A, 110/210 from B
        self.assertEqual(self.card.points, 100 + 50 - 30 + 60 - 42)
        self.assertEqual(
            self._matrix(),
            {
                ("A", "B"): (20.0, 10.0),
                ("B", "B"): (10.0, 5.0),
                ("A", "A"): (20.0, 10.0),
                ("B", "A"): (22.0, 11.0),
            },
        )
        rows = self.env["multistore.loyalty.settlement"].search(
            [("card_id", "=", self.card.id), ("cross_store", "=", True)]
        )
        self.assertEqual(sum(rows.mapped("amount")), 21.0)
        # The pivot of the report groups the same way.
        groups = self.env["multistore.loyalty.settlement"]._read_group(
            [("card_id", "=", self.card.id)],
            ["issue_store_id", "redeem_store_id"],
            ["amount:sum"],
        )
        self.assertEqual(
            {(i.code, r.code): amount for i, r, amount in groups},
            {("A", "B"): 10.0, ("B", "B"): 5.0, ("A", "A"): 10.0, ("B", "A"): 11.0},
        )

    def test_points_earned_by_the_redeeming_order_do_not_fund_it(self):
        self._sell(self.session_a, 5)  # A issues 50
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [self._pos_line(qty=10), self._reward_line(self.card, 20)],
                self.member,
            )
        )
        self._confirm(order, 98 - 20, line_codes=["R1"])
        self.assertEqual(self._matrix(), {("A", "B"): (20.0, 0.2)})

    def test_refunds_and_expiry_are_not_settled(self):
        order = self._sell(self.session_a, 5)
        self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [
                    self._pos_line(
                        qty=-5, price_unit=10.0, refunded_orderline_id=order.lines.id
                    )
                ],
                self.member,
            )
        )
        self.assertEqual(self.card.points, 0)
        self.assertEqual(self._matrix(), {})

    def test_chain_managers_only(self):
        self._sell(self.session_a, 5)
        self._redeem(self.session_b, 10)
        self.assertEqual(self._matrix(self.chain_manager), {("A", "B"): (10.0, 0.1)})
        with self.assertRaises(AccessError):
            self._matrix(self.manager_a)

    def test_store_rule_limits_rows_to_own_stores(self):
        """Should a store user ever read the report, only their stores' rows."""
        Rule = self.env["ir.rule"]
        domain = Rule.with_user(self.manager_a)._compute_domain(
            "multistore.loyalty.settlement", "read"
        )
        self._sell(self.session_a, 5)
        self._redeem(self.session_b, 10)
        self._sell(self.session_b, 5)
        self._redeem(self.session_b, 10)
        Settlement = self.env["multistore.loyalty.settlement"]
        rows = Settlement.search([("card_id", "=", self.card.id)])
        visible = Settlement.search([("card_id", "=", self.card.id), *domain])
        self.assertEqual(rows.redeem_store_id, self.store_b)
        self.assertEqual(
            visible, rows.filtered(lambda row: self.store_a in row.issue_store_id)
        )
        self.assertLess(len(visible), len(rows))
        chain_domain = Rule.with_user(self.chain_manager)._compute_domain(
            "multistore.loyalty.settlement", "read"
        )
        self.assertEqual(
            Settlement.search([("card_id", "=", self.card.id), *chain_domain]), rows
        )
