from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistoreCommon

from ..tools import forecast_history


@tagged("post_install", "-at_install")
class TestForecastHistory(MultistoreCommon):
    """The forecast counts a sale on its day in the store's time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a.partner_id = cls.env["res.partner"].create(
            {"name": "Store A address", "tz": "Asia/Shanghai"}
        )
        cls.env.company.partner_id.tz = "America/New_York"
        cls.session = cls.env["pos.session"].create(
            {"config_id": cls._create_pos_config(cls.store_a).id}
        )
        cls.today = fields.Date.context_today(cls.env["multistore.forecast"])
        cls.first_day = cls.today - timedelta(days=7)
        cls.day = cls.today - timedelta(days=3)

    def _sell(self, qty, utc_time):
        order = self._create_pos_order(self.session, qty=qty)
        order.sudo().write(
            {"state": "paid", "date_order": datetime.combine(self.day, utc_time)}
        )
        return order

    def _by_day(self, env=None):
        keys, matrix = forecast_history.sales_matrix(
            env or self.env, self.store_a, self.first_day, self.today
        )
        self.assertEqual(keys.tolist(), [[self.product.id, self.store_a.id]])
        return {
            self.first_day + timedelta(days=index): qty
            for index, qty in enumerate(matrix[0].tolist())
            if qty
        }

    def test_sale_at_2330_shanghai_on_the_local_day(self):
        # 23:30 in Shanghai is 15:30 UTC (and 11:30 in New York, the
        # company's time zone): the Shanghai day. 00:30 the next morning in
        # Shanghai is 16:30 UTC, still the same day in UTC and New York.
        self._sell(3.0, time(15, 30))
        self._sell(5.0, time(16, 30))
        expected = {self.day: 3.0, self.day + timedelta(days=1): 5.0}
        self.assertEqual(self._by_day(), expected)
        # Whoever runs it: the user's time zone does not move the days.
        for tz in ("UTC", "America/Los_Angeles"):
            with self.subTest(tz=tz):
                self.assertEqual(self._by_day(self.env(context={"tz": tz})), expected)

    def test_store_without_time_zone_counts_in_company_time_zone(self):
        self.store_a.partner_id.tz = False
        # 03:30 UTC is 23:30 the day before in New York.
        self._sell(2.0, time(3, 30))
        self.assertEqual(self._by_day(), {self.day - timedelta(days=1): 2.0})
