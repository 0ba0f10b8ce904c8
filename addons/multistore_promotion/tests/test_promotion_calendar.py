from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistoreCommon

from .common import promotion_vals


@tagged("post_install", "-at_install")
class TestPromotionCalendar(MultistoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_b = cls._create_user(
            "ms_promo_staff_b", "group_store_user", cls.store_b
        )
        cls.Program = cls.env["loyalty.program"].with_user(cls.chain_manager)

    def _event(self, program):
        return self.env["multistore.demand.event"].search(
            [("promotion_program_id", "=", program.id)]
        )

    def test_promotion_creates_its_demand_event(self):
        program = self.Program.create(
            promotion_vals("BOGO Tea", self.store_a.ids, self.product)
        )
        event = self._event(program)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.name, "BOGO Tea")
        self.assertEqual(event.event_type, "promotion")
        self.assertEqual(event.date_from, date(2026, 6, 1))
        self.assertEqual(event.date_to, date(2026, 6, 7))
        self.assertEqual(event.store_ids, self.store_a)
        self.assertEqual(event.product_ids, self.product)
        self.assertEqual(event.uplift, 1.5)

    def test_event_follows_the_promotion(self):
        program = self.Program.create(
            promotion_vals("Spend 100", self.store_a.ids, self.product)
        )
        program.write(
            {
                "date_from": "2026-07-01",
                "date_to": "2026-07-10",
                "store_ids": [Command.set((self.store_a | self.store_b).ids)],
                "multistore_uplift": 2.0,
            }
        )
        event = self._event(program)
        self.assertEqual(len(event), 1)
        self.assertEqual(
            (event.date_from, event.date_to), (date(2026, 7, 1), date(2026, 7, 10))
        )
        self.assertEqual(event.store_ids, self.store_a | self.store_b)
        self.assertEqual(event.uplift, 2.0)
        # A chain-wide promotion: an event of every store.
        program.store_ids = [Command.clear()]
        self.assertFalse(self._event(program).store_ids)

    def test_event_changes_only_through_its_promotion(self):
        program = self.Program.create(
            promotion_vals("Locked", self.store_a.ids, self.product)
        )
        event = self._event(program)
        for user in (self.chain_manager, self.manager_a):
            with self.assertRaises(UserError):
                event.with_user(user).write({"date_to": "2026-06-30"})
            with self.assertRaises(UserError):
                event.with_user(user).unlink()
        with self.assertRaises(UserError):
            self.env["multistore.demand.event"].with_user(self.chain_manager).create(
                {
                    "name": "Forged",
                    "date_from": "2026-06-01",
                    "date_to": "2026-06-02",
                    "promotion_program_id": program.id,
                }
            )
        self.assertEqual(event.date_to, date(2026, 6, 7))
        # Events planned by hand stay the forecast users' own.
        manual = self.env["multistore.demand.event"].with_user(self.chain_manager)
        manual.create(
            {"name": "Fair", "date_from": "2026-06-01", "date_to": "2026-06-02"}
        ).write({"uplift": 2.0})

    def test_rule_on_every_product_gives_event_on_every_product(self):
        vals = promotion_vals("Free shipping online", [], self.product)
        vals["rule_ids"] = [Command.create({"minimum_amount": 100})]
        program = self.Program.create(vals)
        event = self._event(program)
        self.assertFalse(event.product_ids)
        self.assertFalse(event.categ_ids)

    def test_archive_and_delete_remove_the_event(self):
        program = self.Program.create(
            promotion_vals("Mid-Autumn", self.store_a.ids, self.product)
        )
        program.action_archive()
        self.assertFalse(self._event(program))
        program.action_unarchive()
        self.assertTrue(self._event(program))
        program.multistore_on_calendar = False
        self.assertFalse(self._event(program))
        program.multistore_on_calendar = True
        event = self._event(program)
        self.assertTrue(event)
        # Odoo deletes archived programs only.
        program.action_archive()
        program.unlink()
        self.assertFalse(event.exists())

    def test_calendar_needs_dates(self):
        vals = promotion_vals("No dates", self.store_a.ids, self.product)
        vals.update(date_from=False, date_to=False)
        with self.assertRaises(ValidationError):
            self.Program.create(vals)
        vals = promotion_vals("Backwards", self.store_a.ids, self.product)
        vals.update(date_from="2026-06-07", date_to="2026-06-01")
        with self.assertRaises(UserError):
            self.Program.create(vals)
        vals = promotion_vals("Loyalty", [], self.product, program_type="loyalty")
        with self.assertRaises(ValidationError):
            self.Program.create(vals)
        # An undated promotion off the calendar has no event.
        vals = promotion_vals("Undated", [], self.product)
        vals.update(date_from=False, date_to=False, multistore_on_calendar=False)
        self.assertFalse(self._event(self.Program.create(vals)))

    def test_store_user_sees_promotions_of_their_stores(self):
        promo_a = self.Program.create(
            promotion_vals("A", self.store_a.ids, self.product)
        )
        promo_b = self.Program.create(
            promotion_vals("B", self.store_b.ids, self.product)
        )
        promo_all = self.Program.create(promotion_vals("All", [], self.product))
        domain = [
            ("multistore_on_calendar", "=", True),
            ("multistore_my_store", "=", True),
            ("id", "in", (promo_a | promo_b | promo_all).ids),
        ]
        self.env.invalidate_all()
        mine = self.env["loyalty.program"].with_user(self.staff_a).search(domain)
        self.assertEqual(mine, promo_a | promo_all)
        mine_b = self.env["loyalty.program"].with_user(self.staff_b).search(domain)
        self.assertEqual(mine_b, promo_b | promo_all)
        self.assertTrue(promo_a.with_user(self.staff_a).multistore_my_store)
        self.assertFalse(promo_b.with_user(self.staff_a).multistore_my_store)
        # The calendar is the chain's: store B's promotion is readable too.
        self.assertEqual(promo_b.with_user(self.staff_a).name, "B")

    def test_store_roles_cannot_plan_promotions(self):
        program = self.Program.create(
            promotion_vals("Chain", self.store_a.ids, self.product)
        )
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.env["loyalty.program"].with_user(user).create(
                    promotion_vals("Mine", self.store_a.ids, self.product)
                )
            with self.assertRaises(AccessError):
                program.with_user(user).write({"date_to": "2026-06-30"})
        self.assertEqual(self._event(program).date_to, date(2026, 6, 7))
