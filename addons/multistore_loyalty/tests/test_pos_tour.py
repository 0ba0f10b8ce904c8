from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon


@tagged("post_install", "-at_install")
class TestLoyaltyPosTour(MultistorePosTourCommon):
    """One membership at every till: earn in store A, redeem part of it and
    return the goods in store B, with store-restricted cashiers. The program
    lets the cashier choose the points; without that option a click on the
    reward applies it as Odoo does."""

    @classmethod
    def _setup_chain(cls):
        cls.env["loyalty.program"].search([]).write({"active": False})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pos_config_b.payment_method_ids = [Command.set(cls.bank_payment_method.ids)]
        cls.mug = cls.env["product.product"].create(
            {
                "name": "Multistore Mug",
                "available_in_pos": True,
                "is_storable": True,
                "list_price": 7.0,
                "taxes_id": False,
            }
        )
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Chain Points",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "multistore_partial_redemption": True,
                "rule_ids": [
                    Command.create(
                        {"reward_point_mode": "money", "reward_point_amount": 1}
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 0.1,
                            "required_points": 1,
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        cls.member = cls.env["res.partner"].create({"name": "Mei Member"})

    def start_pos_tour(self, tour_name, login="pos_user", **kwargs):
        # Steps waiting for the server have 30 s (SERVER_TIMEOUT of the
        # tours): give the whole tour time for them on a busy machine.
        kwargs.setdefault("timeout", 180)
        return super().start_pos_tour(tour_name, login=login, **kwargs)

    def _card(self):
        return self.env["loyalty.card"].search(
            [("partner_id", "=", self.member.id), ("program_id", "=", self.program.id)]
        )

    def _stock(self, store):
        return self.env["stock.quant"]._get_available_quantity(
            self.mug, store.warehouse_id.lot_stock_id, allow_negative=True
        )

    def test_earn_in_a_redeem_part_and_return_in_b(self):
        # Store A: 2 mugs, 14.00, earn 14 points.
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour("multistore_loyalty_earn_in_a", login=self.cashier_a.login)
        card = self._card()
        self.assertEqual(card.points, 14)
        order_a = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(len(order_a), 1)
        self.assertEqual(card.history_ids.store_id, self.store_a)
        # The receipt the member brings back to store B: its number, date and
        # total (14.00). Sold today, within any return window; the tour enters
        # today's date (UTC, one of the days a receipt may show).
        order_a.write({"pos_reference": "Order 07777-001-0001"})

        # Store B: 1 mug (7.00), redeem 5 of the 14 points (0.50 off).
        self.pos_config_b.with_user(self.cashier_b).open_ui()
        stock_b = self._stock(self.store_b)
        self.start_pos_tour(
            "multistore_loyalty_redeem_in_b",
            login=self.cashier_b.login,
            pos_config=self.pos_config_b,
        )
        order_b = self.env["pos.order"].search(
            [("session_id", "=", self.pos_config_b.current_session_id.id)]
        )
        self.assertEqual(len(order_b), 1)
        self.assertAlmostEqual(order_b.amount_total, 6.5)
        self.assertEqual(order_b.lines.filtered("is_reward_line").points_cost, 5)
        self.assertEqual(card.points, 14 - 5 + 7)
        line_b = card.history_ids.filtered(lambda h: h.store_id == self.store_b)
        self.assertEqual((line_b.used, line_b.issued), (5.0, 7.0))

        # Store B refunds one mug of store A's order: B's stock, points back.
        self.start_pos_tour(
            "multistore_loyalty_return_in_b",
            login=self.cashier_b.login,
            pos_config=self.pos_config_b,
        )
        refund = self.env["pos.order"].search(
            [
                ("session_id", "=", self.pos_config_b.current_session_id.id),
                ("amount_total", "<", 0),
            ]
        )
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.store_id, self.store_b)
        self.assertEqual(refund.lines.refunded_orderline_id, order_a.lines)
        self.assertEqual(self._stock(self.store_b), stock_b - 1 + 1)
        self.assertEqual(order_a.lines.refunded_qty, 1)
        self.assertEqual(card.points, 16 - 7)
        line_refund = card.history_ids.filtered(lambda h: h.kind == "refund")
        self.assertEqual((line_refund.store_id, line_refund.used), (self.store_b, 7.0))
        # The look-up is on record, with the proof given.
        lookup = self.env["multistore.refund.lookup.log"].search(
            [("user_id", "=", self.cashier_b.id), ("result", "=", "other_store")]
        )
        self.assertEqual(lookup.order_id, order_a)
        self.assertEqual(
            (lookup.order_date, lookup.amount_total),
            (order_a.date_order.date(), 14.0),
        )

    def test_one_click_reward_by_default(self):
        """Without partial redemption (the default of a program) a click on
        the reward applies it with every point it can use, as plain Odoo:
        the 14 points of the card and the 7 the order earns (2.10 off 7.00).
        The server posts what the till applied."""
        self.program.multistore_partial_redemption = False
        card = (
            self.env["loyalty.card"]
            .sudo()
            .create(
                {
                    "program_id": self.program.id,
                    "partner_id": self.member.id,
                    "points": 14,
                }
            )
        )
        self.pos_config_b.with_user(self.cashier_b).open_ui()
        self.start_pos_tour(
            "multistore_loyalty_one_click_in_b",
            login=self.cashier_b.login,
            pos_config=self.pos_config_b,
        )
        order = self.env["pos.order"].search(
            [("session_id", "=", self.pos_config_b.current_session_id.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertAlmostEqual(order.amount_total, 4.9)
        reward_line = order.lines.filtered("is_reward_line")
        self.assertEqual(reward_line.points_cost, 21)
        history = card.history_ids.filtered(lambda h: h.order_id == order.id)
        self.assertEqual(history.store_id, self.store_b)
        self.assertEqual(history.used, 21)
        self.assertAlmostEqual(card.points, 14 - 21 + history.issued)

    def test_tier_and_birthday_at_the_till(self):
        """The till shows the tier's points and the birthday badge; the server
        confirms the same points."""
        gold = self.env["multistore.loyalty.tier"].create(
            {"name": "Gold", "threshold": 0, "earn_multiplier": 2}
        )
        # "This month" as the till sees it: in the cashier's time zone
        # (New York), which is still last month just after midnight UTC.
        today = fields.Date.context_today(
            self.member.with_context(tz=self.cashier_a.tz)
        )
        self.member.sudo().write(
            {
                "multistore_tier_id": gold.id,
                "birthday": today.replace(year=1990, day=1),
            }
        )
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour("multistore_loyalty_tier_in_a", login=self.cashier_a.login)
        self.assertEqual(self._card().points, 28)
