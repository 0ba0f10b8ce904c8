from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import MultistoreReportsCommon


@tagged("post_install", "-at_install")
class TestDashboard(MultistoreReportsCommon):
    def _row(self, store):
        return self.env["multistore.store.dashboard"].search(
            [("store_id", "=", store.id)]
        )

    def test_figures_from_store_days(self):
        today = fields.Date.context_today(self.env["multistore.store.dashboard"])
        Fact = self.env["multistore.store.day.fact"]
        for store in (self.store_a, self.store_b):
            facts = Fact.search([("store_id", "=", store.id)])
            row = self._row(store)

            def total(days, facts=facts):
                return sum(f.revenue for f in facts if f.date in days)

            month = {
                today - timedelta(days=n)
                for n in range(31)
                if (today - timedelta(days=n)).month == today.month
            }
            with self.subTest(store=store.code):
                self.assertAlmostEqual(row.revenue_today, total({today}), places=4)
                self.assertAlmostEqual(
                    row.revenue_last_week, total({today - timedelta(days=7)}), places=4
                )
                self.assertAlmostEqual(row.revenue_month, total(month), places=4)
                self.assertEqual(row.last_sale_date, max(facts.mapped("date")))

    def test_todays_sale_shows_after_refresh(self):
        before = self._row(self.store_a).revenue_today
        config = self._create_pos_config(self.store_a)
        session = self.env["pos.session"].create({"config_id": config.id})
        order = self._create_pos_order(session, qty=3.0)
        order.write({"state": "paid", "date_order": fields.Datetime.now()})
        action = self.env["multistore.store.dashboard"].action_open_dashboard()
        self.assertEqual(action["res_model"], "multistore.store.dashboard")
        self.env.invalidate_all()
        row = self._row(self.store_a)
        self.assertAlmostEqual(row.revenue_today - before, order.amount_total, places=4)
        self.assertGreaterEqual(row.orders_today, 1)
