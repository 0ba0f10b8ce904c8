import base64
import io
import zipfile

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
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
        # Sections of the other addons appear when they are installed.
        optional = ["Transfers in transit"] if "multistore.transfer" in self.env else []
        if "multistore.stockout.avoided" in self.env:
            optional += ["Stock-outs avoided"]
        optional += ["Loyalty"] if "multistore.loyalty.tier" in self.env else []
        if "multistore.loyalty.tier.mix" in self.env:
            optional += ["Tier mix"]
        self.assertEqual(book.sheetnames, SHEETS + optional)
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
        if "multistore.loyalty.tier.mix" in self.env:
            # The customers of the sales orders, per store and month.
            mix = self._rows(book["Tier mix"])
            records = self.env["multistore.loyalty.tier.mix"].search(
                [("store_id", "in", stores.ids), ("date", ">=", since)]
            )
            self.assertTrue(records)
            self.assertEqual(len(mix), len(records))
            self.assertAlmostEqual(
                sum(r["Revenue"] for r in mix), sum(records.mapped("revenue")), places=4
            )
            self.assertEqual(
                sum(r["Members"] for r in mix), sum(records.mapped("member_count"))
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

    def _received_transfer(self, source, dest, product, qty, received_at):
        """A transfer between stores, received on ``received_at``."""
        transfer = self.env["multistore.transfer"].create(
            {
                "source_store_id": source.id,
                "dest_store_id": dest.id,
                "line_ids": [
                    Command.create({"product_id": product.id, "qty_requested": qty})
                ],
            }
        )
        transfer.action_request()
        transfer.action_approve()
        transfer.action_ship()
        transfer.action_fill_received()
        transfer.action_receive()
        transfer.sudo().date_received = received_at
        return transfer

    def _deliver(self, store, product, qty, when):
        """A done delivery to a customer from ``store``, dated ``when``."""
        move = self.env["stock.move"].create(
            {
                "name": "delivery",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": store.warehouse_id.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        move._action_confirm()
        move.quantity = qty
        move.picked = True
        move._action_done()
        move.date = when

    def test_stockouts_avoided_sheet(self):
        if "multistore.stockout.avoided" not in self.env:
            self.skipTest("multistore_inventory is not installed")
        Product = self.env["product.product"]
        tin = Product.create({"name": "Tea Tin", "is_storable": True, "list_price": 15})
        jar = Product.create(
            {"name": "Honey Jar", "is_storable": True, "list_price": 8}
        )
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(tin, self.warehouse_b.lot_stock_id, 10.0)
        Quant._update_available_quantity(tin, self.warehouse_a.lot_stock_id, 1.0)
        Quant._update_available_quantity(jar, self.warehouse_a.lot_stock_id, 5.0)
        now = fields.Datetime.now()
        # More than a year ago: outside the workbook's period.
        old = self._received_transfer(
            self.store_b, self.store_a, tin, 2.0, now - relativedelta(days=400)
        )
        self._deliver(self.store_a, tin, 3.0, now - relativedelta(days=398))
        # A had 0 tins left, received 4 and sold 3 within the window.
        recent = self._received_transfer(
            self.store_b, self.store_a, tin, 4.0, now - relativedelta(days=10)
        )
        self._deliver(self.store_a, tin, 3.0, now - relativedelta(days=8))
        # B had no jar, received 2 and sold 2.
        into_b = self._received_transfer(
            self.store_a, self.store_b, jar, 2.0, now - relativedelta(days=5)
        )
        self._deliver(self.store_b, jar, 2.0, now - relativedelta(days=4))
        report = self.env["multistore.stockout.avoided"]
        self.assertEqual(report.search([("transfer_id", "=", old.id)]).units_saved, 2.0)

        book = self._export(self.chain_manager, self.store_a | self.store_b)
        rows = self._rows(book["Stock-outs avoided"])
        self.assertEqual(
            [(r["Transfer"], r["Store"]) for r in rows],
            [
                (recent.name, self.store_a.display_name),
                (into_b.name, self.store_b.display_name),
            ],
        )
        # The receipt's day in the company's time zone.
        recent_row = report.search([("transfer_id", "=", recent.id)])
        self.assertEqual(rows[0]["Received On"].date(), recent_row.date)
        self.assertEqual(rows[0]["Product"], tin.display_name)
        self.assertEqual(rows[0]["On Hand Before Receipt"], 0.0)
        self.assertEqual(rows[0]["Sold in Window"], 3.0)
        self.assertEqual(rows[0]["Units Saved"], 3.0)
        self.assertAlmostEqual(rows[0]["Value Saved (at Sales Price)"], 45.0)
        self.assertAlmostEqual(rows[1]["Value Saved (at Sales Price)"], 16.0)
        # A store manager's workbook holds the rows of their store only, and
        # names no other store (not even the one that sent the goods).
        manager_book = self._export(self.manager_a, self.store_a | self.store_b)
        manager_rows = self._rows(manager_book["Stock-outs avoided"])
        self.assertEqual([r["Transfer"] for r in manager_rows], [recent.name])
        self._assert_absent(manager_book, self.store_b)

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
