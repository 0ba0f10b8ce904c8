from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_inventory.tests.common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestInventoryExtension(MultistoreInventoryCommon):
    """The forecast completes the stock matrix, the planner and the settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Forecast = cls.env["multistore.forecast"]
        cls.Settings = cls.env["res.config.settings"]
        cls.central_wh = cls._create_warehouse("Central", "MSCE")
        cls.central = cls.Store.create(
            {
                "name": "Central",
                "code": "CEN",
                "store_type": "warehouse",
                "warehouse_id": cls.central_wh.id,
            }
        )
        for store, minimum, maximum in (
            (cls.store_a, 5.0, 10.0),
            (cls.store_b, 2.0, 4.0),
        ):
            cls.env["stock.warehouse.orderpoint"].create(
                {
                    "product_id": cls.product.id,
                    "warehouse_id": store.warehouse_id.id,
                    "location_id": store.warehouse_id.lot_stock_id.id,
                    "product_min_qty": minimum,
                    "product_max_qty": maximum,
                    "trigger": "manual",
                }
            )

    def _set_forecast(self, store, daily):
        # Forecast results are workflow fields: written here as superuser.
        return self.Forecast.sudo().create(
            {
                "product_id": self.product.id,
                "store_id": store.id,
                "daily_forecast": daily,
            }
        )

    def _set_setting(self, name, value):
        self.Settings.create({name: value}).execute()

    def test_matrix_shows_daily_demand_and_cover(self):
        self._set_stock(self.store_a, 12.0)
        self._set_stock(self.store_b, 5.0)
        self._set_forecast(self.store_a, 3.0)
        rows = (
            self.env["multistore.stock.matrix"]
            .with_user(self.staff_a)
            .search([("product_id", "=", self.product.id)])
        )
        by_store = {r.store_id: (r.daily_forecast, r.cover_days) for r in rows}
        self.assertEqual(by_store, {self.store_a: (3.0, 4.0), self.store_b: (0.0, 0.0)})

    def _planned_from(self):
        self.env["multistore.replenishment"]._run_planner()
        transfers = self.env["multistore.transfer"].search(
            [("dest_store_id", "=", self.store_a.id), ("state", "=", "requested")]
        )
        return {t.source_store_id: t.line_ids.qty_requested for t in transfers}

    def test_planner_leaves_a_sibling_its_demand_over_the_lead_time(self):
        self._set_stock(self.store_a, 1.0)  # 9 up to its maximum of 10
        self._set_stock(self.store_b, 12.0)  # 8 above its maximum of 4
        self._set_stock(self.central, 100.0)
        self._set_forecast(self.store_b, 2.0)
        # Default lead time of 2 days: store B keeps 4 more.
        self.assertEqual(self._planned_from(), {self.store_b: 4.0, self.central: 5.0})

    def test_planner_reads_the_lead_time_setting(self):
        self._set_stock(self.store_a, 1.0)
        self._set_stock(self.store_b, 12.0)
        self._set_stock(self.central, 100.0)
        self._set_forecast(self.store_b, 2.0)
        self._set_setting("multistore_forecast_lead_time_days", 3.0)
        self.assertEqual(self._planned_from(), {self.store_b: 2.0, self.central: 7.0})

    def test_settings_defaults_and_checks(self):
        ICP = self.env["ir.config_parameter"].sudo()
        for key in ("service_level", "lead_time_days", "review_period_days"):
            ICP.set_param(f"multistore_forecast.{key}", False)
        self.assertEqual(
            self.Forecast._forecast_settings(),
            {"service_level": 0.95, "lead_time_days": 2.0, "review_days": 7.0},
        )
        settings = self.Settings.create({})
        self.assertEqual(settings.multistore_forecast_service_level, 0.95)
        self.assertEqual(settings.multistore_forecast_lead_time_days, 2.0)
        self.assertEqual(settings.multistore_forecast_review_days, 7.0)
        self._set_setting("multistore_forecast_review_days", 14.0)
        self.assertEqual(
            ICP.get_param("multistore_forecast.review_period_days"), "14.0"
        )
        self.assertEqual(self.Forecast._forecast_settings()["review_days"], 14.0)
        for vals in (
            {"multistore_forecast_service_level": 1.0},
            {"multistore_forecast_service_level": 0.2},
            {"multistore_forecast_lead_time_days": -1.0},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.Settings.create(vals)
