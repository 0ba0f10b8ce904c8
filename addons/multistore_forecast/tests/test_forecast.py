from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistoreCommon

# Units sold per till order by weekday (Monday first): Saturdays are busy.
WEEK_QTY = (3.0, 3.0, 3.0, 3.0, 4.0, 8.0, 2.0)
HISTORY_DAYS = 56


@tagged("post_install", "-at_install")
class TestForecast(MultistoreCommon):
    """Forecasts built from till and sales orders of the past weeks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Forecast = cls.env["multistore.forecast"]
        cls.Event = cls.env["multistore.demand.event"]
        cls.today = fields.Date.context_today(cls.Forecast)
        noon = fields.Datetime.now().replace(hour=12, minute=0, second=0)
        sessions = {
            store: cls.env["pos.session"].create(
                {"config_id": cls._create_pos_config(store).id}
            )
            for store in (cls.store_a, cls.store_b)
        }
        for days_ago in range(1, HISTORY_DAYS + 1):
            day = noon - timedelta(days=days_ago)
            # The weekly pattern, plus or minus one unit.
            qty = WEEK_QTY[day.weekday()] + (days_ago * 5) % 3 - 1
            order = cls._create_pos_order(sessions[cls.store_a], qty=qty)
            order.sudo().write({"date_order": day, "state": "paid"})
            if days_ago % 7 == 0:  # store B sells a little, once a week
                order = cls._create_pos_order(sessions[cls.store_b], qty=2.0)
                order.sudo().write({"date_order": day, "state": "paid"})
        # An order still open at the till is not a sale.
        cls._create_pos_order(sessions[cls.store_a], qty=100.0).date_order = (
            noon - timedelta(days=3)
        )
        # Confirmed sales orders of store A add to its demand (2 units each);
        # quotations do not.
        for days_ago in (5, 12):
            sale = cls._create_sale_order(cls.store_a)
            sale.action_confirm()
            sale.date_order = noon - timedelta(days=days_ago)
        cls._create_sale_order(cls.store_a).date_order = noon - timedelta(days=4)
        cls.stores = cls.store_a | cls.store_b
        cls.mean_a = sum(WEEK_QTY) / 7 + 4.0 / HISTORY_DAYS

    def _run(self):
        return self.Forecast._run_forecast(stores=self.stores, history_days=120)

    def _forecast(self, store):
        return self.Forecast.search(
            [("product_id", "=", self.product.id), ("store_id", "=", store.id)]
        )

    def test_forecast_per_product_and_store(self):
        forecasts = self._run()
        self.assertEqual(len(forecasts), 2)
        fc_a, fc_b = self._forecast(self.store_a), self._forecast(self.store_b)
        self.assertEqual(len(fc_a), 1)
        self.assertEqual(len(fc_b), 1)
        self.assertEqual(fc_a.method, "seasonal")
        self.assertEqual(fc_b.method, "intermittent")
        self.assertAlmostEqual(
            fc_a.daily_forecast, self.mean_a, delta=0.2 * self.mean_a
        )
        self.assertAlmostEqual(fc_a.forecast_28d, 28 * fc_a.daily_forecast, delta=0.5)
        self.assertAlmostEqual(fc_b.daily_forecast, 2.0 / 7, delta=0.15)
        self.assertTrue(fc_a.backtested)
        self.assertGreater(fc_a.mase_naive, 0.0)
        self.assertAlmostEqual(fc_a.mase_ratio, fc_a.mase / fc_a.mase_naive, delta=0.01)
        # Safety stock and levels with the default service level and lead time.
        self.assertEqual(fc_a.service_level, 0.95)
        self.assertEqual(fc_a.lead_time_days, 2.0)
        self.assertGreater(fc_a.safety_stock, 0.0)
        self.assertGreater(fc_a.suggested_min, fc_a.safety_stock)
        self.assertGreater(fc_a.suggested_max, fc_a.suggested_min)
        self.assertTrue(fc_a.computed_at)

    def test_rerun_updates_in_place(self):
        self._run()
        fc_a = self._forecast(self.store_a)
        before = fc_a.safety_stock
        self.env["ir.config_parameter"].set_param(
            "multistore_forecast.service_level", "0.99"
        )
        self._run()
        self.assertEqual(self._forecast(self.store_a), fc_a)
        self.assertEqual(fc_a.service_level, 0.99)
        self.assertGreater(fc_a.safety_stock, before)
        self.assertEqual(self.Forecast.search_count([]), 2)

    def test_stale_forecast_removed(self):
        other = self.env["product.product"].create(
            {"name": "Discontinued Tea", "is_storable": True}
        )
        stale = self.Forecast.create(
            {"product_id": other.id, "store_id": self.store_a.id}
        )
        self._run()
        self.assertFalse(stale.exists())

    def test_event_raises_forecast(self):
        self._run()
        fc_a, fc_b = self._forecast(self.store_a), self._forecast(self.store_b)
        before_a, before_b = fc_a.forecast_28d, fc_b.forecast_28d
        self.Event.create(
            {
                "name": "Tea week",
                "event_type": "promotion",
                "date_from": self.today + timedelta(days=3),
                "date_to": self.today + timedelta(days=9),
                "store_ids": [fields.Command.set(self.store_a.ids)],
                "product_ids": [fields.Command.set(self.product.ids)],
                "uplift": 2.0,
            }
        )
        self._run()
        # Seven days at twice the demand: about seven more days of demand.
        self.assertAlmostEqual(fc_a.forecast_28d - before_a, before_a / 4, delta=3.0)
        self.assertGreater(fc_a.forecast_28d, before_a + 5 * self.mean_a)
        self.assertAlmostEqual(fc_b.forecast_28d, before_b, places=2)

    def test_category_event_in_history_is_not_learnt(self):
        """A past holiday of the product's category is left out of learning."""
        self._run()
        before = self._forecast(self.store_a).daily_forecast
        self.env["pos.order"].create(
            {
                "session_id": self.env["pos.session"]
                .search([("config_id.store_id", "=", self.store_a.id)], limit=1)
                .id,
                "lines": [
                    fields.Command.create(
                        {
                            "product_id": self.product.id,
                            "qty": 200.0,
                            "price_unit": 1.0,
                            "price_subtotal": 200.0,
                            "price_subtotal_incl": 200.0,
                        }
                    )
                ],
                "amount_total": 200.0,
                "amount_tax": 0.0,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        ).sudo().write(
            {
                "date_order": fields.Datetime.now() - timedelta(days=2),
                "state": "paid",
            }
        )
        self.Event.create(
            {
                "name": "Holiday",
                "event_type": "holiday",
                "date_from": self.today - timedelta(days=2),
                "date_to": self.today - timedelta(days=2),
                "categ_ids": [fields.Command.set(self.product.categ_id.ids)],
                "uplift": 3.0,
            }
        )
        self._run()
        self.assertAlmostEqual(
            self._forecast(self.store_a).daily_forecast, before, delta=0.1 * before
        )

    def test_store_staff_see_their_stores_only(self):
        self._run()
        fc_b = self._forecast(self.store_b)
        visible = self.Forecast.with_user(self.staff_a).search([])
        self.assertEqual(visible.store_id, self.store_a)
        with self.assertRaises(AccessError):
            fc_b.with_user(self.staff_a).read(["daily_forecast"])
        with self.assertRaises(AccessError):
            fc_b.with_user(self.manager_a).read(["daily_forecast"])
        # Results are written by a forecast run only, for every role.
        with self.assertRaises(UserError):
            self._forecast(self.store_a).with_user(self.staff_a).write(
                {"daily_forecast": 1.0}
            )
        self.assertEqual(
            self.Forecast.with_user(self.chain_manager).search_count([]), 2
        )

    def test_run_now_is_for_chain_managers(self):
        with self.assertRaises(AccessError):
            self.Forecast.with_user(self.manager_a).action_run_forecast()
        action = self.Forecast.with_user(self.chain_manager).action_run_forecast()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.Forecast.search_count([]), 2)

    def test_event_checks(self):
        vals = {
            "name": "Sale",
            "date_from": self.today,
            "date_to": self.today + timedelta(days=3),
            "store_ids": [fields.Command.set(self.store_a.ids)],
        }
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self.Event.create(dict(vals, date_to=self.today - timedelta(days=1)))
        with self.assertRaisesRegex(ValidationError, "must be above 0"):
            self.Event.create(dict(vals, uplift=0.0))
        # A store manager plans events of their own stores, not of others.
        Event = self.Event.with_user(self.manager_a)
        event = Event.create(vals)
        event.uplift = 1.8
        with self.assertRaises(ValidationError):
            Event.create(dict(vals, store_ids=[fields.Command.set(self.store_b.ids)]))
        with self.assertRaises(ValidationError):
            Event.create(dict(vals, store_ids=[]))
        with self.assertRaises(AccessError):
            self.Event.with_user(self.staff_a).create(vals)
