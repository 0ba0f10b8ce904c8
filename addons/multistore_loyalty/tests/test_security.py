from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltySecurity(MultistoreLoyaltyCommon):
    """Points change only through orders, refunds, expiry and approved
    adjustments: what a store employee sends over RPC is checked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.friend = cls.env["res.partner"].create({"name": "Friend of Staff"})
        cls.friend_card = cls.env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.friend.id}
        )
        cls.gift_program = cls.env["loyalty.program"].create(
            {"name": "Gift Cards", "program_type": "gift_card"}
        )
        cls.sweet = cls.env["product.product"].create(
            {
                "name": "Sweet",
                "list_price": 1.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )

    def _assert_points(self, card, points):
        self.env.invalidate_all()
        self.assertEqual(card.points, points)

    # Cards and history ---------------------------------------------------------

    def test_staff_cannot_write_points(self):
        self._set_points(self.card, 10)
        for points in (999999, -50):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.card.with_user(self.cashier_a).write({"points": points})
        self._assert_points(self.card, 10)
        # Nor does a chain manager bypass the adjustments.
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.card.with_user(self.chain_manager).points = 500
        self._assert_points(self.card, 10)

    def test_new_card_starts_at_zero(self):
        Card = self.env["loyalty.card"].with_user(self.chain_manager)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            Card.create({"program_id": self.program.id, "points": 1000})
        card = Card.create({"program_id": self.program.id, "points": 0})
        self.assertEqual(card.points, 0)

    def test_card_points_cannot_move(self):
        """A card holding points stays in its program and with its member."""
        self._set_points(self.card, 40)
        card = self.card.with_user(self.cashier_a)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            card.write({"program_id": self.gift_program.id})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            card.write({"partner_id": self.friend.id})
        self.assertEqual(
            (self.card.program_id, self.card.partner_id), (self.program, self.member)
        )

    def test_history_closed_to_users(self):
        self._sell(self.session_a, 2, user=self.cashier_a)
        line = self.card.history_ids
        History = self.env["loyalty.history"]
        for user in (self.cashier_a, self.chain_manager):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                History.with_user(user).create(
                    {
                        "card_id": self.card.id,
                        "description": "forged",
                        "issued": 1000,
                        "store_id": self.store_a.id,
                    }
                )
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                line.with_user(user).write({"issued": 1000})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                line.with_user(user).unlink()
        self.assertEqual(line.issued, 20)

    def test_history_is_store_scoped(self):
        self._sell(self.session_a, 2, user=self.cashier_a)
        line = self.card.history_ids
        self.env.invalidate_all()
        History = self.env["loyalty.history"]
        self.assertFalse(
            History.with_user(self.cashier_b).search([("card_id", "=", self.card.id)])
        )
        with self.assertRaises(AccessError):
            line.with_user(self.cashier_b).read(["issued"])
        self.assertEqual(
            History.with_user(self.cashier_a).search([("card_id", "=", self.card.id)]),
            line,
        )
        self.assertEqual(
            History.with_user(self.chain_manager).search(
                [("card_id", "=", self.card.id)]
            ),
            line,
        )

    def test_odoo_balance_wizard_refused_for_member_cards(self):
        action = self.card.with_user(self.cashier_a).action_loyalty_update_balance()
        self.assertEqual(action["res_model"], "multistore.loyalty.adjustment")
        wizard = (
            self.env["loyalty.card.update.balance"]
            .with_user(self.cashier_a)
            .create(
                {"card_id": self.card.id, "new_balance": 500, "description": "gift"}
            )
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            wizard.action_update_card_point()
        wizard = self.env["loyalty.card.update.balance"].create(
            {"card_id": self.card.id, "new_balance": 500, "description": "gift"}
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            wizard.with_user(self.chain_manager).action_update_card_point()
        self._assert_points(self.card, 0)

    def test_generating_member_cards_with_points_refused(self):
        wizard = self.env["loyalty.generate.wizard"].create(
            {
                "program_id": self.program.id,
                "coupon_qty": 2,
                "points_granted": 100,
            }
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            wizard.with_user(self.cashier_a).generate_coupons()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            wizard.with_user(self.chain_manager).generate_coupons()
        gift = self.env["loyalty.generate.wizard"].create(
            {
                "program_id": self.gift_program.id,
                "coupon_qty": 1,
                "points_granted": 50,
            }
        )
        gift.with_user(self.chain_manager).generate_coupons()
        card = self.env["loyalty.card"].search(
            [("program_id", "=", self.gift_program.id)]
        )
        self.assertEqual(card.points, 50)

    # The till's confirmation ---------------------------------------------------

    def test_million_points_for_a_small_sale_refused(self):
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_a, [self._pos_line(self.sweet)], self.member
            ),
            user=self.cashier_a,
        )
        with (
            self.assertRaisesRegex(UserError, "at most 1.0"),
            self.env.cr.savepoint(),
        ):
            self._confirm(order, 1_000_000, user=self.cashier_a)
        self._assert_points(self.card, 0)
        self.assertFalse(self._history(order))
        self.assertFalse(order.multistore_loyalty_confirmed)
        # What the rules give passes.
        self._confirm(order, 1, user=self.cashier_a)
        self._assert_points(self.card, 1)

    def test_points_of_an_order_go_to_its_customer(self):
        order = self._sync_pos_order(
            self._pos_order_vals(self.session_a, [self._pos_line(qty=2)], self.member),
            user=self.cashier_a,
        )
        forged = {
            self.friend_card.id: {
                "points": 20,
                "program_id": self.program.id,
                "coupon_id": self.friend_card.id,
                "partner_id": self.friend.id,
                "line_codes": [],
            }
        }
        with (
            self.assertRaisesRegex(UserError, "set the member"),
            self.env.cr.savepoint(),
        ):
            order.with_user(self.cashier_a).confirm_coupon_programs(forged)
        self._assert_points(self.friend_card, 0)
        # A new card for someone else is refused too.
        forged = {
            -1: {
                "points": 20,
                "program_id": self.program.id,
                "coupon_id": -1,
                "partner_id": self.customer.id,
            }
        }
        with (
            self.assertRaisesRegex(UserError, "set the member"),
            self.env.cr.savepoint(),
        ):
            order.with_user(self.cashier_a).confirm_coupon_programs(forged)
        self.assertFalse(
            self.env["loyalty.card"].search([("partner_id", "=", self.customer.id)])
        )

    def test_confirm_needs_own_store_and_paid_order(self):
        order_a = self._sync_pos_order(
            self._pos_order_vals(self.session_a, [self._pos_line(qty=2)], self.member),
            user=self.cashier_a,
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self._confirm(order_a, 20, user=self.cashier_b)
        draft_vals = self._pos_order_vals(
            self.session_a, [self._pos_line(qty=2)], self.member
        )
        draft_vals["state"] = "draft"
        draft = self._sync_pos_order(draft_vals, user=self.cashier_a)
        self.assertEqual(draft.state, "draft")
        with self.assertRaisesRegex(UserError, "not paid"), self.env.cr.savepoint():
            self._confirm(draft, 20, user=self.cashier_a)
        self._assert_points(self.card, 0)

    def test_redeemed_points_counted_from_the_lines(self):
        """A till leaving the reward codes out still pays for the reward."""
        self._set_points(self.card, 10)
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_a,
                [self._pos_line(qty=3), self._reward_line(self.card, 25)],
                self.member,
            ),
            user=self.cashier_a,
        )
        self._assert_points(self.card, 0)
        # 25 redeemed (10 from the balance at payment), 27.5 earned. Leaving
        # the reward's code out to keep the 25 points is refused...
        with self.assertRaisesRegex(UserError, "at most 30.0"), self.env.cr.savepoint():
            self._confirm(order, 27.5, line_codes=[], user=self.cashier_a)
        self._assert_points(self.card, 0)
        # ... and the honest figure without the code settles the reward anyway.
        self._confirm(order, 27.5 - 25, line_codes=[], user=self.cashier_a)
        self._assert_points(self.card, 10 - 25 + 27.5)

    def test_add_loyalty_history_lines_writes_nothing(self):
        order = self._sell(self.session_a, 2, user=self.cashier_a)
        order.with_user(self.cashier_a).add_loyalty_history_lines(
            [{"order_id": order.id, "card_id": self.card.id, "won": 999, "spent": 0}],
            [{"old_id": self.card.id, "id": self.card.id}],
        )
        self.assertEqual(len(self._history(order)), 1)
        self._assert_points(self.card, 20)

    def test_loyalty_flags_closed_to_tills(self):
        """A till marking its order's points as posted would skip the
        redemption; sending them back unchanged is what tills do."""
        self._set_points(self.card, 30)
        order_vals = self._pos_order_vals(
            self.session_a,
            [self._pos_line(qty=2), self._reward_line(self.card, 10)],
            self.member,
        )
        order_vals["multistore_loyalty_posted"] = True
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._sync_pos_order(order_vals, user=self.cashier_a)
        order = self._sell(self.session_a, 1, user=self.cashier_a)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            order.with_user(self.cashier_a).write(
                {"multistore_loyalty_confirmed": False}
            )
        self.assertTrue(order.multistore_loyalty_confirmed)
        # A till sends an order it loaded back with every field, the flags as
        # they are (a reprint, a refund, Odoo's ticket screen): that passes.
        flags = {
            "multistore_loyalty_confirmed": True,
            "multistore_loyalty_posted": order.multistore_loyalty_posted,
        }
        order.with_user(self.cashier_a).write(flags)
        self.assertRecordValues(order, [flags])

    def test_forged_gift_card_refused(self):
        """The till sells a gift card: it cannot name a member card instead."""
        order = self._sync_pos_order(
            self._pos_order_vals(self.session_a, [self._pos_line(qty=1)], self.member),
            user=self.cashier_a,
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            order.with_user(self.cashier_a).confirm_coupon_programs(
                {
                    -1: {
                        "points": 5,
                        "program_id": self.gift_program.id,
                        "coupon_id": -1,
                        "giftCardId": self.card.id,
                    }
                }
            )
        self._assert_points(self.card, 0)

    # Reward lines ----------------------------------------------------------------

    def test_reward_bigger_than_its_points_refused(self):
        self._set_points(self.card, 50)
        forged = self._reward_line(self.card, 5)
        # 5 points buy 0.50 off: the till asks for 40.00 off.
        forged[2].update(
            {"price_unit": -40.0, "price_subtotal": -40.0, "price_subtotal_incl": -40.0}
        )
        order_vals = self._pos_order_vals(
            self.session_a, [self._pos_line(qty=5), forged], self.member
        )
        with (
            self.assertRaisesRegex(UserError, "give at most 0.5"),
            self.env.cr.savepoint(),
        ):
            self._sync_pos_order(order_vals, user=self.cashier_a)
        self.assertFalse(
            self.env["pos.order"].search([("uuid", "=", order_vals["uuid"])])
        )
        self._assert_points(self.card, 50)

    def test_negative_points_cost_refused(self):
        order_vals = self._pos_order_vals(
            self.session_a,
            [self._pos_line(qty=1), self._reward_line(self.card, -500)],
            self.member,
        )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._sync_pos_order(order_vals, user=self.cashier_a)
        self._assert_points(self.card, 0)

    def test_reward_lines_of_paid_order_locked(self):
        self._set_points(self.card, 30)
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_a,
                [self._pos_line(qty=2), self._reward_line(self.card, 10)],
                self.member,
            ),
            user=self.cashier_a,
        )
        reward_line = order.lines.filtered("is_reward_line")
        with self.assertRaises(UserError), self.env.cr.savepoint():
            reward_line.with_user(self.cashier_a).write({"points_cost": 1000})
        self.assertEqual(reward_line.points_cost, 10)

    def test_sale_reward_cannot_give_points(self):
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
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            order.order_line.write({"coupon_id": self.card.id, "points_cost": -1000})

    def test_member_tier_cannot_be_entered(self):
        gold = self.env["multistore.loyalty.tier"].create(
            {"name": "Gold", "threshold": 1000, "earn_multiplier": 5}
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.member.with_user(self.cashier_a).write({"multistore_tier_id": gold.id})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.env["res.partner"].with_user(self.cashier_a).create(
                {"name": "VIP friend", "multistore_tier_id": gold.id}
            )
        self.assertFalse(self.member.multistore_tier_id)

    # Public methods ------------------------------------------------------------

    def test_scan_code_only_at_own_till(self):
        with self.assertRaises(AccessError):
            self.config_b.with_user(self.cashier_a).use_coupon_code(
                self.card.code, "2024-01-01 10:00:00", self.member.id, False
            )
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "ms_loy_outsider",
                "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.config_a.with_user(outsider).use_coupon_code(
                self.card.code, "2024-01-01 10:00:00", self.member.id, False
            )
        result = self.config_a.with_user(self.cashier_a).use_coupon_code(
            self.card.code, "2024-01-01 10:00:00", self.member.id, False
        )
        self.assertIn("payload", result)
