import io
import json
from unittest.mock import patch
from urllib.parse import quote

import openpyxl

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import MultistoreReportsCommon

ROUTE = "/report/xlsx/multistore_reports.chain_summary_xlsx"
CONTROLLER = "odoo.addons.multistore_reports.controllers.main"


@tagged("post_install", "-at_install")
class TestXlsxRoute(MultistoreReportsCommon, HttpCase):
    """The workbook downloaded over HTTP, as a client sends it: bad
    parameters get 400 (403 for other stores) and a message, never 500."""

    def _get(self, path):
        return self.url_open(ROUTE + path, timeout=120)

    def _download(self, url, context=None):
        """The web client's way: POST /report/download."""
        return self.url_open(
            "/report/download",
            data={
                "data": url if isinstance(url, str) else json.dumps(url),
                "context": context if context is not None else "{}",
                "csrf_token": http.Request.csrf_token(self),
            },
            timeout=120,
        )

    def _stores_in(self, content):
        book = openpyxl.load_workbook(io.BytesIO(content))
        header, *rows = book["Ranking"].iter_rows(values_only=True)
        column = header.index("Store")
        return {row[column] for row in rows if row[column]}

    def _unknown_store_id(self):
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) + 1000 FROM multistore_store")
        return self.env.cr.fetchone()[0]

    def test_bad_parameters_answer_400(self):
        a = self.store_a.id
        bad_json = quote('{"date_from": ')
        bad_day = quote(json.dumps({"date_from": "2025-02-30"}))
        cases = {
            "/abc": "not a list of record ids",
            f"/{a},x": "not a list of record ids",
            f"/{a}.5": "not a list of record ids",
            f"/-{a}": "not a list of record ids",
            "/99999999999999999999": "not a list of record ids",
            f"/{self._unknown_store_id()}": "no store with id",
            f"/{a}?options={bad_json}": "must be a JSON object",
            f"/{a}?options=%5B1%5D": "must be a JSON object",
            f"/{a}?context=notjson": "must be a JSON object",
            f"/{a}?options={bad_day}": "2025-02-30",
            f"/{a}?date_to=2025-13-01": "2025-13-01",
            f"/{a}?date_to=1e300": "1e300",
            f"/{a}?date_from=2025-06-01&date_to=2025-01-01": "after its end",
        }
        for context in ({"lang": ["x"]}, {"lang": "xx_XX"}, {"tz": 5}, {"tz": "Mars"}):
            cases[f"/{a}?context={quote(json.dumps(context))}"] = "The context asks"
        for login in ("ms_staff_a", "ms_chain"):
            self.authenticate(login, login)
            for path, message in cases.items():
                with self.subTest(login=login, path=path):
                    response = self._get(path)
                    self.assertEqual(response.status_code, 400, response.text[:300])
                    self.assertIn(message, response.text)

    def test_foreign_company_refused(self):
        """Companies of the context that are not the user's: 403."""
        self.authenticate("ms_staff_a", "ms_staff_a")
        for companies in ("abc", [2**40]):
            context = quote(json.dumps({"allowed_company_ids": companies}))
            with self.subTest(companies=companies):
                response = self._get(f"/{self.store_a.id}?context={context}")
                self.assertEqual(response.status_code, 403, response.text[:300])
                self.assertIn("companies that are not yours", response.text)

    def test_not_a_pdf(self):
        self.authenticate("ms_staff_a", "ms_staff_a")
        response = self.url_open(
            f"/report/pdf/multistore_reports.chain_summary_xlsx/{self.store_a.id}"
        )
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn("Excel workbook", response.text)

    def test_store_user_gets_only_their_stores(self):
        self.authenticate("ms_staff_a", "ms_staff_a")
        response = self._get(f"/{self.store_a.id},{self.store_b.id}")
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(self._stores_in(response.content), {self.store_a.display_name})
        # Store B alone: none of the user's stores.
        response = self._get(f"/{self.store_b.id}")
        self.assertEqual(response.status_code, 403, response.text[:300])
        self.assertIn("None of the stores asked for", response.text)

    def test_chain_manager_download(self):
        self.authenticate("ms_chain", "ms_chain")
        ids = f"{self.store_a.id},{self.store_b.id}"
        response = self._get(f"/{ids}")
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(
            self._stores_in(response.content),
            {self.store_a.display_name, self.store_b.display_name},
        )
        period = quote(json.dumps({"date_from": "2000-01-01", "date_to": "2099-12-31"}))
        response = self._download(
            [f"{ROUTE}?options={period}&context=%7B%7D", "xlsx"],
            context=json.dumps({"active_ids": [self.store_a.id]}),
        )
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(self._stores_in(response.content), {self.store_a.display_name})

    def test_web_client_download_answers_bad_requests(self):
        self.authenticate("ms_staff_a", "ms_staff_a")
        response = self._download([f"{ROUTE}/{self.store_a.id}", "xlsx"])
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(self._stores_in(response.content), {self.store_a.display_name})
        cases = [
            ("not json", None, 400, "must be"),
            ([f"{ROUTE}/abc", "xlsx"], None, 400, "not a list of record ids"),
            ([f"{ROUTE}/{self.store_a.id}", "xlsx"], "notjson", 400, "JSON object"),
            ([ROUTE, "xlsx"], None, 400, "Name the records"),
            (
                [f"{ROUTE}?date_to=2025-13-01", "xlsx"],
                json.dumps({"active_ids": [self.store_a.id]}),
                400,
                "2025-13-01",
            ),
            ([f"{ROUTE}/{self.store_b.id}", "xlsx"], None, 403, "None of the stores"),
        ]
        for data, context, status, message in cases:
            with self.subTest(data=data, context=context):
                response = self._download(data, context)
                self.assertEqual(response.status_code, status, response.text[:300])
                self.assertIn(message, response.text)

    def test_workbook_routes_are_readonly(self):
        """With a read replica configured, Odoo renders the workbook from it.

        The routes are declared readonly, and the workbook is rendered on a
        read-only cursor (in tests Odoo simulates the replica with a
        read-only transaction): a write would fail there, and Odoo would log
        a warning and render it again on the primary. Neither happens.
        """
        routing = self.env["ir.http"].routing_map().bind("")
        endpoint, _args = routing.match(f"{ROUTE}/{self.store_a.id}")
        self.assertIs(endpoint.routing["readonly"], True)
        endpoint, _args = routing.match("/report/download")
        self.assertTrue(callable(endpoint.routing["readonly"]))

        Report = self.registry["report.multistore_reports.chain_summary_xlsx"]
        render = Report.generate_xlsx_report
        cursors = []

        def spy(report, workbook, data, stores):
            cursors.append(report.env.cr.readonly)
            return render(report, workbook, data, stores)

        self.authenticate("ms_chain", "ms_chain")
        with (
            patch.object(Report, "generate_xlsx_report", spy),
            self.assertNoLogs("odoo.http", "WARNING"),
        ):
            response = self._get(f"/{self.store_a.id}")
            self.assertEqual(response.status_code, 200, response.text[:300])
            response = self._download([f"{ROUTE}/{self.store_a.id}", "xlsx"])
            self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertEqual(self._stores_in(response.content), {self.store_a.display_name})
        self.assertEqual(cursors, [True, True])

    def test_other_downloads_stay_read_write(self):
        """Only the suite's workbooks are readonly downloads: a PDF report
        may save its attachment, so Odoo's read/write default stays."""
        endpoint, _args = (
            self.env["ir.http"].routing_map().bind("").match("/report/download")
        )
        decide = endpoint.routing["readonly"]
        cases = {
            json.dumps([f"{ROUTE}/1", "xlsx"]): True,
            json.dumps(["/report/pdf/sale.report_saleorder/1", "qweb-pdf"]): False,
            json.dumps(["/report/xlsx/other.report/1", "xlsx"]): False,
            "not json": False,
            None: False,
        }
        for data, readonly in cases.items():
            with self.subTest(data=data):
                values = {} if data is None else {"data": data}
                fake = type("Request", (), {})()
                fake.httprequest = type("HttpRequest", (), {"values": values})()
                with patch(
                    "odoo.addons.multistore_reports.controllers.main.request", fake
                ):
                    self.assertIs(decide(None), readonly)
