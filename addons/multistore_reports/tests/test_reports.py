from collections import defaultdict
from datetime import timedelta

from odoo.tests import tagged

from .common import MultistoreReportsCommon


@tagged("post_install", "-at_install")
class TestReports(MultistoreReportsCommon):
    def test_store_ranking(self):
        expected = self._expected_store_months()
        groups = self.env["multistore.store.ranking"]._read_group(
            self._fixture_stores(),
            ["store_id", "date:month"],
            ["revenue:sum", "cost:sum", "margin:sum", "order_count:sum"],
        )
        self.assertEqual(
            {(store.id, month) for store, month, *_r in groups}, set(expected)
        )
        for store, month, revenue, cost, margin, orders in groups:
            exp = expected[(store.id, month)]
            self.assertAlmostEqual(revenue, exp["revenue"], places=4)
            self.assertAlmostEqual(cost, exp["cost"], places=4)
            self.assertAlmostEqual(margin, exp["revenue"] - exp["cost"], places=4)
            self.assertEqual(orders, len(exp["orders"]))
        for row in self.env["multistore.store.ranking"].search(self._fixture_stores()):
            exp = expected[(row.store_id.id, row.date)]
            ly = expected.get(
                (row.store_id.id, row.date.replace(year=row.date.year - 1))
            )
            self.assertAlmostEqual(
                row.margin_percent,
                100 * (exp["revenue"] - exp["cost"]) / exp["revenue"],
                places=4,
            )
            self.assertAlmostEqual(
                row.avg_basket, exp["revenue"] / len(exp["orders"]), places=4
            )
            if ly:
                self.assertAlmostEqual(row.revenue_last_year, ly["revenue"], places=4)
                self.assertAlmostEqual(
                    row.growth_percent,
                    100 * (exp["revenue"] - ly["revenue"]) / ly["revenue"],
                    places=4,
                )
            else:
                self.assertFalse(row.revenue_last_year)
        # Store A this month has last year's till sale to compare with.
        row_a = self.env["multistore.store.ranking"].search(
            [("store_id", "=", self.store_a.id), ("date", "=", self.day.replace(day=1))]
        )
        if self.last_year_day.month == self.day.month:
            self.assertAlmostEqual(row_a.revenue_last_year, 40.0, places=4)

    def test_region_fields(self):
        state = self.env["res.country.state"].search([], limit=1)
        self.store_a.partner_id = self.env["res.partner"].create(
            {"name": "Store A address", "city": "Lyon", "state_id": state.id}
        )
        self.env.flush_all()
        groups = self.env["multistore.store.ranking"]._read_group(
            [("state_id", "=", state.id)], ["city"], ["revenue:sum"]
        )
        expected = sum(
            v["revenue"]
            for (store_id, _m), v in self._expected_store_months().items()
            if store_id == self.store_a.id
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0][0], "Lyon")
        self.assertAlmostEqual(groups[0][1], expected, places=4)

    def test_best_sellers_abc(self):
        since = self.today - timedelta(days=90)
        revenue = defaultdict(float)
        qty = defaultdict(float)
        for store, product, day, q, rev, _d, _c, _k in self._expected_lines():
            if day > since:
                revenue[(store.id, product.id)] += rev
                qty[(store.id, product.id)] += q
        rows = self.env["multistore.best.seller"].search(self._fixture_stores())
        expected_keys = {k for k, v in revenue.items() if v > 0}
        self.assertEqual(
            {(r.store_id.id, r.product_id.id) for r in rows}, expected_keys
        )
        for store in self.store_a | self.store_b:
            ranked = sorted(
                (k for k in expected_keys if k[0] == store.id),
                key=lambda k: (-revenue[k], k[1]),
            )
            total = sum(revenue[k] for k in ranked)
            cumulative = 0.0
            for rank, key in enumerate(ranked, start=1):
                cumulative += revenue[key]
                share = 100 * cumulative / total
                abc = "a" if share <= 80 + 1e-9 else "b" if share <= 95 + 1e-9 else "c"
                row = rows.filtered(
                    lambda r, key=key: (r.store_id.id, r.product_id.id) == key
                )
                self.assertEqual(row.rank, rank)
                self.assertAlmostEqual(row.revenue, revenue[key], places=4)
                self.assertAlmostEqual(row.qty, qty[key], places=4)
                self.assertAlmostEqual(row.cumulative_share, share, places=4)
                self.assertEqual(row.abc_class, abc)
        # Store A: tea 220 (A, 92.4%... > 80 -> B), coffee 18 -> C.
        tea_a = rows.filtered(
            lambda r: r.store_id == self.store_a and r.product_id == self.product
        )
        self.assertEqual(tea_a.rank, 1)

    def test_weekly_trend(self):
        weeks = defaultdict(float)
        for store, _p, day, _q, rev, _d, _c, _k in self._expected_lines():
            iso = day.isocalendar()
            weeks[(store.id, iso[0], iso[1])] += rev
        rows = self.env["multistore.weekly.trend"].search(self._fixture_stores())
        self.assertEqual(
            {(r.store_id.id, r.iso_year, r.iso_week) for r in rows}, set(weeks)
        )
        for row in rows:
            self.assertAlmostEqual(
                row.revenue, weeks[(row.store_id.id, row.iso_year, row.iso_week)], 4
            )
            self.assertEqual(row.date.isocalendar()[1], row.iso_week)
            self.assertEqual(row.date.weekday(), 0)
            ly = weeks.get((row.store_id.id, row.iso_year - 1, row.iso_week))
            self.assertAlmostEqual(row.revenue_last_year or 0.0, ly or 0.0, places=4)
        # day - 364 days falls in the same ISO week one year earlier.
        iso = self.day.isocalendar()
        this_week = rows.filtered(
            lambda r: (
                r.store_id == self.store_a
                and (r.iso_year, r.iso_week) == (iso[0], iso[1])
            )
        )
        self.assertAlmostEqual(this_week.revenue_last_year, 40.0, places=4)

    def test_store_pnl(self):
        months = self._expected_store_months()
        expenses = {self.store_a.id: 620.0, self.store_b.id: 300.0}
        month = self.day.replace(day=1)
        for store in self.store_a | self.store_b:
            row = self.env["multistore.store.pnl"].search(
                [("store_id", "=", store.id), ("date", "=", month)]
            )
            exp = months[(store.id, month)]
            self.assertAlmostEqual(row.revenue, exp["revenue"], places=4)
            self.assertAlmostEqual(row.cogs, exp["cost"], places=4)
            self.assertAlmostEqual(
                row.gross_margin, exp["revenue"] - exp["cost"], places=4
            )
            self.assertAlmostEqual(row.expenses, expenses[store.id], places=4)
            self.assertAlmostEqual(
                row.net, exp["revenue"] - exp["cost"] - expenses[store.id], places=4
            )

    def test_budget_vs_actual(self):
        month = self.day.replace(day=1)
        Budget = self.env["multistore.budget"].with_user(self.manager_a)
        revenue_budget = Budget.create(
            {
                "store_id": self.store_a.id,
                "date": self.day,
                "line_type": "revenue",
                "amount": 300.0,
            }
        )
        self.assertEqual(revenue_budget.date, month)
        Budget.create(
            {
                "store_id": self.store_a.id,
                "date": month,
                "line_type": "expense",
                "amount": 500.0,
            }
        )
        self.env.flush_all()
        actual_revenue = self._expected_store_months()[(self.store_a.id, month)][
            "revenue"
        ]
        rows = self.env["multistore.budget.report"].search(
            [("store_id", "=", self.store_a.id)]
        )
        by_line = {row.line_type: row for row in rows}
        self.assertAlmostEqual(by_line["revenue"].actual, actual_revenue, places=4)
        self.assertAlmostEqual(
            by_line["revenue"].variance, actual_revenue - 300.0, places=4
        )
        self.assertAlmostEqual(
            by_line["revenue"].achieved_percent, 100 * actual_revenue / 300.0, places=4
        )
        self.assertAlmostEqual(by_line["expense"].actual, 620.0, places=4)
        self.assertAlmostEqual(by_line["expense"].variance, 120.0, places=4)
        self.assertAlmostEqual(by_line["expense"].achieved_percent, 124.0, places=4)

    def test_budget_constraints(self):
        from odoo.exceptions import AccessError, ValidationError

        with self.assertRaises(ValidationError):
            self.env["multistore.budget"].create(
                {"store_id": self.store_a.id, "date": self.day, "amount": -1.0}
            )
        with self.assertRaises(AccessError):
            self.env["multistore.budget"].with_user(self.manager_a).create(
                {"store_id": self.store_b.id, "date": self.day, "amount": 1.0}
            )
