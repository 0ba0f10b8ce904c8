from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyBeforeTheChain(TransactionCase):
    """Installing the suite into a database that runs Odoo's loyalty changes
    nothing Odoo allows until the chain sets up its stores: a loyalty
    manager sets balances and issues cards with points as in Odoo; once a
    store exists, points change only through the chain's flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A database without stores (Odoo's own test suites, an existing
        # database before the setup wizard). Tests run in a transaction that
        # is rolled back: the stores come back afterwards.
        cls.env.cr.execute("DELETE FROM multistore_store")
        cls.env.invalidate_all()
        cls.manager = new_test_user(
            cls.env,
            login="ms_loy_odoo_manager",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        cls.program = cls.env["loyalty.program"].create(
            {"name": "Odoo Points", "program_type": "loyalty"}
        )
        cls.gift_program = cls.env["loyalty.program"].create(
            {"name": "Odoo Gift Cards", "program_type": "gift_card"}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Odoo Customer"})

    def _open_store(self):
        warehouse = self.env["stock.warehouse"].create(
            {"name": "First Store", "code": "FS1"}
        )
        self.env["multistore.store"].create(
            {"name": "First Store", "code": "FS1", "warehouse_id": warehouse.id}
        )

    def test_balances_as_in_odoo_until_a_store_exists(self):
        Card = self.env["loyalty.card"].with_user(self.manager)
        card = Card.create(
            {
                "program_id": self.program.id,
                "partner_id": self.partner.id,
                "points": 100,
            }
        )
        self.assertEqual(card.points, 100)
        card.points = 120
        action = card.action_loyalty_update_balance()
        self.assertEqual(action["res_model"], "loyalty.card.update.balance")
        self.env["loyalty.card.update.balance"].with_user(self.manager).create(
            {"card_id": card.id, "new_balance": 150, "description": "goodwill"}
        ).action_update_card_point()
        self.assertEqual(card.points, 150)

        self._open_store()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            card.with_user(self.manager).points = 200
        with self.assertRaises(UserError), self.env.cr.savepoint():
            Card.create({"program_id": self.program.id, "points": 10})
        action = card.with_user(self.manager).action_loyalty_update_balance()
        self.assertEqual(action["res_model"], "multistore.loyalty.adjustment")
        self.assertEqual(card.points, 150)

    def test_issuing_cards_with_points_as_in_odoo_until_a_store_exists(self):
        Wizard = self.env["loyalty.generate.wizard"].with_user(self.manager)
        Wizard.create(
            {"program_id": self.gift_program.id, "coupon_qty": 2, "points_granted": 50}
        ).generate_coupons()
        self.assertEqual(self.gift_program.coupon_ids.mapped("points"), [50, 50])

        self._open_store()
        wizard = Wizard.create(
            {"program_id": self.gift_program.id, "coupon_qty": 1, "points_granted": 50}
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            wizard.generate_coupons()
        self.assertEqual(len(self.gift_program.coupon_ids), 2)
