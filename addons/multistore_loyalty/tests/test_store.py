from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyStores(MultistoreLoyaltyCommon):
    """Programs limited to stores; history lines know their store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program_b = cls.program.copy(
            {"name": "Store B Points", "store_ids": [Command.set(cls.store_b.ids)]}
        )
        cls.card_b = cls.env["loyalty.card"].create(
            {"program_id": cls.program_b.id, "partner_id": cls.member.id}
        )
        cls.card_b.sudo().points = 50

    def test_till_loads_programs_of_its_store(self):
        self.assertIn(self.program, self.config_a._get_program_ids())
        self.assertNotIn(self.program_b, self.config_a._get_program_ids())
        self.assertIn(self.program_b, self.config_b._get_program_ids())

    def test_scanned_card_of_other_store_is_refused(self):
        result = self.config_a.use_coupon_code(
            self.card_b.code, "2024-01-01 10:00:00", self.member.id, False
        )
        self.assertFalse(result["successful"])
        self.assertIn("Store B Points", result["payload"]["error_message"])
        self.assertIn(self.store_b.display_name, result["payload"]["error_message"])

    def test_redeem_card_of_other_store_refused_nothing_written(self):
        """A forged or stale till redeeming a B-only card in store A."""
        order_vals = self._pos_order_vals(
            self.session_a,
            [self._pos_line(qty=2), self._reward_line(self.card_b, 10)],
            self.member,
        )
        with (
            self.assertRaisesRegex(UserError, "cannot be used in store"),
            self.env.cr.savepoint(),
        ):
            self._sync_pos_order(order_vals, user=self.cashier_a)
        self.assertFalse(
            self.env["pos.order"].search([("uuid", "=", order_vals["uuid"])])
        )
        self.assertEqual(self.card_b.points, 50)
        self.assertFalse(self.card_b.history_ids)

    def test_confirm_points_of_other_store_program_refused(self):
        order = self._sync_pos_order(
            self._pos_order_vals(self.session_a, [self._pos_line(qty=1)], self.member)
        )
        with (
            self.assertRaisesRegex(UserError, "cannot be used in store"),
            self.env.cr.savepoint(),
        ):
            self._confirm(order, 10, card=self.card_b)
        self.assertEqual(self.card_b.points, 50)
        self.assertFalse(order.multistore_loyalty_confirmed)

    def test_history_records_store_and_till(self):
        order_a = self._sell(self.session_a, 3, user=self.cashier_a)
        order_b = self._sell(self.session_b, 2, user=self.cashier_b)
        self.assertEqual(self.card.points, 50)
        line_a = self._history(order_a)
        line_b = self._history(order_b)
        self.assertEqual(len(line_a), 1)
        self.assertEqual(
            (line_a.store_id, line_a.pos_config_id, line_a.issued, line_a.kind),
            (self.store_a, self.config_a, 30.0, "order"),
        )
        self.assertEqual(
            (line_b.store_id, line_b.pos_config_id, line_b.issued),
            (self.store_b, self.config_b, 20.0),
        )
        # The till's own history call adds nothing: confirm wrote it already.
        order_a.add_loyalty_history_lines(
            [{"order_id": order_a.id, "card_id": self.card.id, "won": 30, "spent": 0}],
            [{"old_id": self.card.id, "id": self.card.id}],
        )
        self.assertEqual(len(self._history(order_a)), 1)

    def test_card_balance_per_store(self):
        self._sell(self.session_a, 3)
        self._sell(self.session_b, 2)
        # Redeem 15 points in B.
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [self._pos_line(qty=1), self._reward_line(self.card, 15)],
                self.member,
            )
        )
        self._confirm(order, 10 - 15, line_codes=["R1"])
        self.assertEqual(self.card.points, 50 - 15 + 10)
        # The per-store view is SQL: drop what the ORM cached at creation.
        self.env.invalidate_all()
        per_store = {
            row.store_id: (row.issued, row.used, row.balance)
            for row in self.card.store_balance_ids
        }
        self.assertEqual(per_store[self.store_a], (30.0, 0.0, 30.0))
        self.assertEqual(per_store[self.store_b], (30.0, 15.0, 15.0))
        self.assertEqual(sum(row[2] for row in per_store.values()), self.card.points)
        action = self.card.action_multistore_view_history()
        self.assertEqual(action["context"]["group_by"], ["store_id"])

    def test_sale_order_history_records_store(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "store_id": self.store_b.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3}
                    )
                ],
            }
        )
        order._update_programs_and_rewards()
        order.action_confirm()
        lines = self.env["loyalty.history"].search(
            [("order_model", "=", "sale.order"), ("order_id", "=", order.id)]
        )
        # Both the chain program and store B's own program earn in store B.
        self.assertEqual(lines.card_id.program_id, self.program | self.program_b)
        self.assertEqual(lines.store_id, self.store_b)
        self.assertFalse(lines.pos_config_id)
        self.assertEqual(self.card.points, 30)

    def test_sale_order_ignores_program_of_other_store(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "store_id": self.store_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        order._update_programs_and_rewards()
        self.assertNotIn(self.program_b, order.coupon_point_ids.coupon_id.program_id)
        result = order._try_apply_code(self.card_b.code)
        self.assertIn("Store B Points", result["error"])

    def test_balances_are_chain_wide_for_staff(self):
        """Store B's cashier sees the member's points earned in store A, not
        store A's history lines (store documents)."""
        self._sell(self.session_a, 3, user=self.cashier_a)
        self.env.invalidate_all()
        card = self.card.with_user(self.cashier_b)
        self.assertEqual(card.points, 30)
        self.assertEqual(card.store_balance_ids.store_id, self.store_a)
        self.assertFalse(card.history_ids)
        self.env.invalidate_all()
        self.assertEqual(
            self.card.with_user(self.cashier_a).history_ids.store_id, self.store_a
        )

    def test_history_line_learns_store_from_its_order(self):
        """Lines written by Odoo itself (pos_loyalty, sale_loyalty) too."""
        order = self._sync_pos_order(
            self._pos_order_vals(self.session_b, [self._pos_line()], self.member)
        )
        line = (
            self.env["loyalty.history"]
            .sudo()
            .create(
                {
                    "card_id": self.card.id,
                    "order_model": "pos.order",
                    "order_id": order.id,
                    "description": "core line",
                    "issued": 1,
                }
            )
        )
        self.assertEqual(
            (line.store_id, line.pos_config_id, line.kind),
            (self.store_b, self.config_b, "order"),
        )
