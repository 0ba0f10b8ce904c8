from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestPublicMethods(MultistoreInventoryCommon):
    """Every public method of the addon checks who calls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = cls.env["multistore.demand.event"]
        cls.today = fields.Date.context_today(cls.Event)
        cls.outsider = new_test_user(
            cls.env,
            login="ms_outsider",
            groups="base.group_user,stock.group_stock_user,point_of_sale.group_pos_user",
        )

    def _event(self, stores, name="Tea week"):
        return self.Event.create(
            {
                "name": name,
                "date_from": self.today,
                "date_to": self.today + timedelta(days=6),
                "store_ids": [Command.set(stores.ids)],
                "uplift": 1.5,
            }
        )

    def test_manager_edits_only_events_all_of_whose_stores_are_theirs(self):
        own = self._event(self.store_a, "Store A fair")
        shared = self._event(self.store_a | self.store_b, "A and B promotion")
        other = self._event(self.store_b, "Store B fair")
        chain = self._event(self.env["multistore.store"], "National holiday")
        own.with_user(self.manager_a).write({"uplift": 2.0})
        self.assertEqual(own.uplift, 2.0)
        for event in (shared, other, chain):
            with self.subTest(event=event.name):
                with self.assertRaises(AccessError):
                    event.with_user(self.manager_a).write({"uplift": 9.0})
                with self.assertRaises(AccessError):
                    event.with_user(self.manager_a).write(
                        {"store_ids": [Command.set(self.store_a.ids)]}
                    )
                self.assertEqual(event.uplift, 1.5)
        # The rule says the same to a search for editable events.
        self.assertEqual(
            self.Event.with_user(self.manager_a)
            .search([("id", "in", (own | shared | other | chain).ids)])
            ._filtered_access("write"),
            own,
        )
        # Chain managers change chain events.
        shared.with_user(self.chain_manager).write({"uplift": 1.2})
        self.assertEqual(shared.uplift, 1.2)

    def test_planner_and_forecast_runs_are_for_chain_managers(self):
        Planner = self.env["multistore.replenishment"]
        Forecast = self.env["multistore.forecast"]
        for user in (self.staff_a, self.manager_a, self.outsider):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "Chain manager"):
                    Planner.with_user(user).action_run_planner()
                with self.assertRaisesRegex(AccessError, "Chain manager"):
                    Forecast.with_user(user).action_run_forecast()
        self.assertFalse(self.Transfer.search([]))
        action = Planner.with_user(self.chain_manager).action_run_planner()
        self.assertEqual(action["tag"], "display_notification")
        action = Forecast.with_user(self.chain_manager).action_run_forecast()
        self.assertEqual(action["tag"], "display_notification")

    def test_forecast_results_written_by_a_run_only(self):
        forecast = (
            self.env["multistore.forecast"]
            .with_user(self.chain_manager)
            .create({"product_id": self.product.id, "store_id": self.store_a.id})
        )
        for vals in ({"daily_forecast": 500.0}, {"suggested_max": 1000.0}):
            with self.assertRaisesRegex(UserError, "only through its buttons"):
                forecast.with_user(self.chain_manager).write(vals)
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            self.env["multistore.forecast"].with_user(self.chain_manager).create(
                {
                    "product_id": self.product.id,
                    "store_id": self.store_b.id,
                    "daily_forecast": 500.0,
                }
            )
        self.assertEqual(forecast.daily_forecast, 0.0)

    def test_other_stores_stock_only_for_a_till_of_ones_store(self):
        self._set_stock(self.store_b, 9.0)
        till_a = self._create_pos_config(self.store_a)
        till_b = self._create_pos_config(self.store_b)
        Product = self.env["product.product"]
        rows = Product.with_user(self.staff_a).multistore_other_stores_stock(
            self.product.id, till_a.id
        )
        self.assertEqual(
            [(r["store"], r["qty"]) for r in rows], [(self.store_b.display_name, 9.0)]
        )
        self.assertEqual(set(rows[0]), {"store", "qty", "phone", "address"})
        with self.assertRaises(AccessError):
            Product.with_user(self.staff_a).multistore_other_stores_stock(
                self.product.id, till_b.id
            )
        with self.assertRaisesRegex(AccessError, "Store staff"):
            Product.with_user(self.outsider).multistore_other_stores_stock(
                self.product.id, till_a.id
            )
        for args in (("1", till_a.id), (self.product.id, [till_a.id]), (0, 0)):
            with self.subTest(args=args), self.assertRaises(UserError):
                Product.with_user(self.staff_a).multistore_other_stores_stock(*args)

    def test_stock_per_store_button_needs_a_store_role(self):
        action = self.product.with_user(self.staff_a).action_view_store_stock()
        self.assertEqual(action["res_model"], "multistore.stock.matrix")
        with self.assertRaisesRegex(AccessError, "Store staff"):
            self.product.with_user(self.outsider).action_view_store_stock()
