from datetime import date, datetime

from odoo.tests import tagged

from .common import MultistoreReportsCommon


@tagged("post_install", "-at_install")
class TestStoreTimeZone(MultistoreReportsCommon):
    """The day of a sale is its day in the store's time zone, in the facts
    and in every report built on them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a.partner_id = cls.env["res.partner"].create(
            {"name": "Store A address", "tz": "Asia/Shanghai"}
        )
        cls.env.company.partner_id.tz = "America/New_York"
        # 23:30 on 31 March in Shanghai is 15:30 UTC (11:30 in New York);
        # 00:30 on 1 April in Shanghai is 16:30 UTC on 31 March.
        cls.late = cls._pos_order(
            cls.session_a, [(cls.product, 2, 10.0, 0.0)], date(2025, 3, 31)
        )
        cls.late.write({"date_order": datetime(2025, 3, 31, 15, 30)})
        cls.early = cls._pos_order(
            cls.session_a, [(cls.product, 5, 10.0, 0.0)], date(2025, 3, 31)
        )
        cls.early.write({"date_order": datetime(2025, 3, 31, 16, 30)})
        # Store B has no time zone: its company's (New York). 03:30 UTC on
        # 1 April is 23:30 on 31 March there.
        cls.night_b = cls._pos_order(
            cls.session_b, [(cls.coffee, 1, 20.0, 0.0)], date(2025, 4, 1)
        )
        cls.night_b.write({"date_order": datetime(2025, 4, 1, 3, 30)})
        cls.env["multistore.sales.fact"]._refresh_facts(full=True)

    def _env(self, tz):
        return self.env(context=dict(self.env.context, tz=tz))

    def test_facts_on_local_days(self):
        for tz in ("UTC", "America/Los_Angeles", "Asia/Shanghai"):
            with self.subTest(reader_tz=tz):
                facts = self._env(tz)["multistore.store.day.fact"].search(
                    [("date", ">=", "2025-03-30"), ("date", "<=", "2025-04-02")]
                )
                self.assertEqual(
                    sorted((f.store_id.code, str(f.date), f.revenue) for f in facts),
                    sorted(
                        [
                            (self.store_a.code, "2025-03-31", 20.0),
                            (self.store_a.code, "2025-04-01", 50.0),
                            (self.store_b.code, "2025-03-31", 20.0),
                        ]
                    ),
                )
        fact = self.env["multistore.sales.fact"].search(
            [("store_id", "=", self.store_a.id), ("date", "=", "2025-03-31")]
        )
        self.assertEqual(fact.qty, 2.0)

    def test_reports_on_local_months_and_weeks(self):
        ranking = self.env["multistore.store.ranking"].search(
            [
                ("store_id", "=", self.store_a.id),
                ("date", "in", ["2025-03-01", "2025-04-01"]),
            ]
        )
        self.assertEqual(
            sorted((str(r.date), r.revenue) for r in ranking),
            [("2025-03-01", 20.0), ("2025-04-01", 50.0)],
        )
        # Monday 31 March and Tuesday 1 April share ISO week 14.
        trend = self.env["multistore.weekly.trend"].search(
            [("store_id", "=", self.store_a.id), ("date", "=", "2025-03-31")]
        )
        self.assertEqual((trend.iso_week, trend.revenue), (14, 70.0))
        pnl = self.env["multistore.store.pnl"].search(
            [("store_id", "=", self.store_b.id), ("date", "=", "2025-03-01")]
        )
        self.assertEqual(pnl.revenue, 20.0)
        self.assertExpectedFacts()

    def assertExpectedFacts(self):
        """The expected figures of the tests (``_expected_facts``) count the
        same days as the facts."""
        facts = self.env["multistore.sales.fact"].search(self._fixture_stores())
        self.assertEqual(
            {(f.store_id.id, f.product_id.id, f.date) for f in facts},
            set(self._expected_facts()),
        )
