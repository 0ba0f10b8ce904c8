import base64
import io
import zipfile

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import MultistoreReportsCommon

SHEETS = [
    "Ranking",
    "Trend",
    "Best sellers",
    "P&L",
    "Budget",
    "Suppliers",
    "Turnover",
    "Slow stock",
]
REPORT_REF = "multistore_reports.multistore_store_chain_summary_xlsx"


class XlsxMixin:
    def _render(self, user, stores):
        content, fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_xlsx(REPORT_REF, stores.ids, {})
        )
        self.assertEqual(fmt, "xlsx")
        return content

    def _export(self, user, stores):
        return openpyxl.load_workbook(io.BytesIO(self._render(user, stores)))

    def _rows(self, sheet):
        values = list(sheet.iter_rows(values_only=True))
        header = values[0]
        return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]

    def _assert_absent(self, book, store):
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        self.assertNotIn(store.name, value, sheet.title)
                        self.assertNotIn(store.display_name, value, sheet.title)


@tagged("post_install", "-at_install")
class TestChainSummaryXlsx(XlsxMixin, MultistoreReportsCommon):
    def test_sheets_headers_and_figures(self):
        stores = self.store_a | self.store_b
        content = self._render(self.chain_manager, stores)
        book = openpyxl.load_workbook(io.BytesIO(content))
        # Sheets of other addons (bridges such as multistore_reports_loyalty)
        # come after the report's own.
        self.assertEqual(book.sheetnames[: len(SHEETS)], SHEETS)
        report = self.env["report.multistore_reports.chain_summary_xlsx"]
        self.assertEqual(len(book.sheetnames), len(report._sheet_builders()))
        ranking = book["Ranking"]
        self.assertEqual(
            [c.value for c in ranking[1]][:5],
            ["Rank", "Store", "Region", "City", "Revenue"],
        )
        self.assertEqual(ranking.freeze_panes, "C2")
        self.assertEqual(ranking["E2"].number_format, "#,##0.00")
        # The workbook covers the last twelve months by default.
        since = self.today.replace(day=1) - relativedelta(months=11)
        months = {
            key: value
            for key, value in self._expected_store_months().items()
            if key[1] >= since
        }
        rows = self._rows(ranking)
        self.assertEqual(len(rows), 2)
        for row in rows:
            store = (
                self.store_a
                if row["Store"] == self.store_a.display_name
                else (self.store_b)
            )
            revenue = sum(v["revenue"] for (s, m), v in months.items() if s == store.id)
            orders = sum(
                len(v["orders"]) for (s, m), v in months.items() if s == store.id
            )
            self.assertAlmostEqual(row["Revenue"], revenue, places=4)
            self.assertEqual(row["Orders"], orders)
        self.assertEqual(rows[0]["Rank"], 1)
        self.assertGreaterEqual(rows[0]["Revenue"], rows[1]["Revenue"])
        suppliers = self._rows(book["Suppliers"])
        row_a = next(r for r in suppliers if r["Store"] == self.store_a.display_name)
        self.assertAlmostEqual(row_a["Fill Rate (%)"], 100 * 10 / 14, places=4)
        self.assertAlmostEqual(row_a["On-time Rate (%)"], 50.0, places=4)
        pnl = self._rows(book["P&L"])
        self.assertEqual(
            sorted(r["Operating Expenses"] for r in pnl if r["Operating Expenses"]),
            [300.0, 620.0],
        )
        turnover = self._rows(book["Turnover"])
        tea = next(
            r
            for r in turnover
            if r["Store"] == self.store_a.display_name
            and r["Product Category"] == self.categ_tea.display_name
        )
        # Jam (12.50) at every month-end of the year, tea (24.00) at this one.
        self.assertAlmostEqual(tea["Stock Value"], 24.0 + 12.5, places=4)
        self.assertAlmostEqual(tea["Average Stock Value"], 12.5 + 24.0 / 12, places=4)
        self.assertAlmostEqual(
            tea["Turns per Year"], tea["COGS (365 days)"] / (12.5 + 24.0 / 12), places=4
        )
        # Native charts: a column chart (ranking) and a line chart (trend).
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            charts = [
                archive.read(name).decode()
                for name in archive.namelist()
                if name.startswith("xl/charts/chart")
            ]
        self.assertEqual(len(charts), 2)
        self.assertTrue(any("<c:barChart>" in chart for chart in charts))
        self.assertTrue(any("<c:lineChart>" in chart for chart in charts))

    def test_weekly_mail(self):
        self.store_a.manager_id = self.manager_a
        self.manager_a.email = "manager.a@example.com"
        self.chain_manager.email = "chain@example.com"
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.env["multistore.store"]._cron_send_chain_summary()
        mails = Mail.search([]) - before
        by_partner = {mail.recipient_ids: mail for mail in mails}
        self.assertIn(self.manager_a.partner_id, by_partner)
        self.assertIn(self.chain_manager.partner_id, by_partner)
        manager_book = openpyxl.load_workbook(
            io.BytesIO(
                base64.b64decode(
                    by_partner[self.manager_a.partner_id].attachment_ids.datas
                )
            )
        )
        self.assertEqual(
            [r["Store"] for r in self._rows(manager_book["Ranking"])],
            [self.store_a.display_name],
        )
        self._assert_absent(manager_book, self.store_b)
        chain_book = openpyxl.load_workbook(
            io.BytesIO(
                base64.b64decode(
                    by_partner[self.chain_manager.partner_id].attachment_ids.datas
                )
            )
        )
        chain_stores = {r["Store"] for r in self._rows(chain_book["Ranking"])}
        # Every store with figures: A and B (and the demo's, if loaded).
        self.assertLessEqual(
            {self.store_a.display_name, self.store_b.display_name}, chain_stores
        )
