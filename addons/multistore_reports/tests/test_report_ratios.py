import io

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import MultistoreReportsCommon
from .test_xlsx import REPORT_REF


@tagged("post_install", "-at_install")
class TestReportRatios(MultistoreReportsCommon):
    """A ratio of a group is the ratio of its sums, never the average of its
    rows' ratios, in read_group (pivot, graph), web_read_group (grouped
    list) and the workbook alike."""

    def _workbook_rows(self, sheet, data):
        content, _fmt = (
            self.env["ir.actions.report"]
            .with_user(self.chain_manager)
            ._render_xlsx(REPORT_REF, (self.store_a | self.store_b).ids, data)
        )
        values = list(
            openpyxl.load_workbook(io.BytesIO(content))[sheet].iter_rows(
                values_only=True
            )
        )
        return [dict(zip(values[0], row, strict=False)) for row in values[1:]]

    def test_margin_percent_of_a_store_over_months(self):
        Ranking = self.env["multistore.store.ranking"]
        domain = [("store_id", "=", self.store_a.id)]
        rows = Ranking.search(domain)
        # Two months (this one and a year ago) of different sizes and margins.
        self.assertEqual(len(rows), 2)
        average = sum(rows.mapped("margin_percent")) / 2
        ratio = 100 * sum(rows.mapped("margin")) / sum(rows.mapped("revenue"))
        self.assertGreater(abs(average - ratio), 1.0)
        basket = sum(rows.mapped("revenue")) / sum(rows.mapped("order_count"))
        self.assertNotAlmostEqual(basket, sum(rows.mapped("avg_basket")) / 2, places=2)

        [group] = Ranking.read_group(
            domain, ["margin_percent", "avg_basket", "revenue"], ["store_id"]
        )
        self.assertAlmostEqual(group["margin_percent"], ratio, places=4)
        self.assertAlmostEqual(group["avg_basket"], basket, places=4)
        listed = Ranking.web_read_group(
            domain, ["margin_percent:avg", "avg_basket:avg"], ["store_id"]
        )["groups"][0]
        self.assertAlmostEqual(listed["margin_percent"], ratio, places=4)
        [(margin_percent,)] = Ranking._read_group(domain, [], ["margin_percent:avg"])
        self.assertAlmostEqual(margin_percent, ratio, places=4)

        rows = self._workbook_rows(
            "Ranking", {"date_from": "2000-01-01", "date_to": "2099-12-31"}
        )
        row_a = next(r for r in rows if r["Store"] == self.store_a.display_name)
        self.assertAlmostEqual(row_a["Margin (%)"], ratio, places=4)
        self.assertAlmostEqual(row_a["Average Basket"], basket, places=4)

    def test_growth_compares_months_with_last_year_only(self):
        """Store A has last year's month to compare with, store B has none:
        the chain's growth compares A's months with last year, B's revenue
        stays out of it."""
        Ranking = self.env["multistore.store.ranking"]
        domain = self._fixture_stores()
        # A's till sale of a year ago gives one of its months a base.
        self.pos_a_ly.write(
            {"date_order": self._noon(self.day - relativedelta(years=1))}
        )
        self.env["multistore.sales.fact"]._refresh_facts(full=True)
        rows = Ranking.search(domain)
        compared = rows.filtered("revenue_last_year")
        self.assertEqual(compared.store_id, self.store_a)
        self.assertTrue(rows.filtered(lambda r: r.store_id == self.store_b))
        expected = (
            100
            * (
                sum(compared.mapped("revenue"))
                - sum(compared.mapped("revenue_last_year"))
            )
            / sum(compared.mapped("revenue_last_year"))
        )
        [(growth,)] = Ranking._read_group(domain, [], ["growth_percent:avg"])
        self.assertAlmostEqual(growth, expected, places=4)

    def test_fill_rate_of_a_vendor_across_stores(self):
        """The vendor filled A's order at 10/14 and none of B's 5: 10/19
        for the chain, not the average of 71% and 0%."""
        Scorecard = self.env["multistore.supplier.scorecard"]
        domain = [("partner_id", "=", self.vendor.id)]
        rows = Scorecard.search(domain)
        self.assertEqual(len(rows), 2)
        [group] = Scorecard.read_group(
            domain,
            ["fill_rate", "on_time_rate", "return_rate", "avg_lead_days"],
            ["partner_id"],
        )
        self.assertAlmostEqual(group["fill_rate"], 100 * 10 / 19, places=4)
        self.assertNotAlmostEqual(
            group["fill_rate"], sum(rows.mapped("fill_rate")) / 2, places=2
        )
        self.assertAlmostEqual(group["on_time_rate"], 50.0, places=4)
        self.assertAlmostEqual(group["return_rate"], 10.0, places=4)
        row_a = rows.filtered(lambda r: r.store_id == self.store_a)
        self.assertAlmostEqual(group["avg_lead_days"], row_a.avg_lead_days, places=4)

    def test_turns_and_sell_through_of_a_store(self):
        Turnover = self.env["multistore.inventory.turnover"]
        domain = [("store_id", "=", self.store_a.id)]
        rows = Turnover.search(domain)
        [group] = Turnover.read_group(
            domain, ["turns", "days_of_inventory"], ["store_id"]
        )
        cogs, average = sum(rows.mapped("cogs")), sum(rows.mapped("avg_stock_value"))
        self.assertAlmostEqual(group["turns"], cogs / average, places=4)
        self.assertAlmostEqual(
            group["days_of_inventory"], 365 * average / cogs, places=4
        )
        Slow = self.env["multistore.slow.stock"]
        rows = Slow.search(domain)
        [group] = Slow.read_group(domain, ["sell_through"], ["store_id"])
        sold = sum(rows.mapped("qty_sold_90"))
        self.assertAlmostEqual(
            group["sell_through"],
            100 * sold / (sold + sum(rows.mapped("qty_on_hand"))),
            places=4,
        )

    def test_ratio_of_a_group_without_denominator_is_empty(self):
        Budget = self.env["multistore.budget.report"]
        domain = self._fixture_stores()
        self.assertFalse(Budget.search(domain))
        [(achieved,)] = Budget._read_group(domain, [], ["achieved_percent:avg"])
        self.assertFalse(achieved)
