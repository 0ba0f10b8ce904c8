from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.multistore_inventory.tests.common import MultistoreInventoryCommon


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

    def test_forecast_run_is_for_chain_managers(self):
        Forecast = self.env["multistore.forecast"]
        for user in (self.staff_a, self.manager_a, self.outsider):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(AccessError, "Chain manager"),
            ):
                Forecast.with_user(user).action_run_forecast()
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
