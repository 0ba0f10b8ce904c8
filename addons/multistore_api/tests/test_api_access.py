from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from .common import ApiCommon


@tagged("post_install", "-at_install")
class TestApiAccess(ApiCommon):
    def _calls(self, integration=None):
        return self.env["multistore.api.call"].search(
            [("integration_id", "=", integration.id if integration else False)]
        )

    def test_missing_and_unknown_key(self):
        before = len(self._calls())
        for key in (None, "not-a-key-of-anyone-at-all"):
            response = self.call("GET", "/stores", key=key)
            self.assertEqual(response.status_code, 401, response.text)
            self.assertEqual(response.json()["detail"]["error"], "unauthorized")
        self.assertEqual(len(self._calls()), before + 2)
        self.assertEqual(set(self._calls()[:2].mapped("status_code")), {401})

    def test_stores_of_the_key_only(self):
        self.integration_ro.store_ids = [Command.set(self.store_b.ids)]
        response = self.call("GET", "/stores")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual([s["code"] for s in response.json()], ["A"])
        response = self.call("GET", "/stores", key=self.KEY_RO)
        self.assertEqual([s["code"] for s in response.json()], ["B"])

    def test_other_store_refused(self):
        response = self.call("GET", "/stores/B/stock")
        self.assertEqual(response.status_code, 403, response.text)
        detail = response.json()["detail"]
        self.assertEqual(detail["error"], "store_not_allowed")
        self.assertIn("B", detail["message"])
        response = self.call("GET", "/stores/NOPE/stock")
        self.assertEqual(response.status_code, 404, response.text)
        self.assertEqual(response.json()["detail"]["error"], "store_not_found")

    def test_missing_scope_refused(self):
        response = self.call(
            "GET", "/members", key=self.KEY_RO, params={"phone": "123"}
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["detail"]["error"], "scope_missing")
        response = self.call(
            "POST", "/orders", key=self.KEY_RO, json=self.order_payload()
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["detail"]["error"], "scope_missing")
        self.assertFalse(
            self.env["sale.order"].search([("api_external_id", "=", "EXT-1")])
        )

    def test_rate_limit(self):
        self.integration_ro.rate_limit = 2
        # Freeze the clock in the middle of a minute: 3 calls in one minute.
        with patch("odoo.addons.multistore_api.dependencies._now") as now:
            now.return_value = 1_800_000_030.0
            statuses = [
                self.call("GET", "/stores", key=self.KEY_RO).status_code
                for _i in range(2)
            ]
            limited = self.call("GET", "/stores", key=self.KEY_RO)
            self.assertEqual(statuses, [200, 200])
            self.assertEqual(limited.status_code, 429, limited.text)
            self.assertEqual(limited.headers["Retry-After"], "30")
            self.assertEqual(limited.json()["detail"]["error"], "rate_limited")
            # Another integration has its own counter.
            self.assertEqual(self.call("GET", "/stores").status_code, 200)
            # The next minute starts a new count.
            now.return_value = 1_800_000_091.0
            self.assertEqual(
                self.call("GET", "/stores", key=self.KEY_RO).status_code, 200
            )
        calls = self._calls(self.integration_ro)
        self.assertEqual(sorted(calls.mapped("status_code")), [200, 200, 200, 429])
        self.assertEqual(set(calls.mapped("endpoint")), {"/stores"})
        self.assertTrue(all(call.duration_ms >= 0 for call in calls))

    def test_errors_are_logged(self):
        self.call("GET", "/stores/B/stock")
        call = self._calls(self.integration_a)[:1]
        self.assertEqual(call.status_code, 403)
        self.assertEqual(call.status_class, "client_error")
        self.assertEqual(call.endpoint, "/stores/{store_code}/stock")
        self.assertIn("store_not_allowed", call.error)

    def test_openapi_document(self):
        with self.client() as client:
            response = client.get("/openapi.json")
        self.assertEqual(response.status_code, 200)
        paths = response.json()["paths"]
        for path in (
            "/stores",
            "/stores/{store_code}/products",
            "/stores/{store_code}/stock",
            "/members",
            "/orders",
            "/orders/{order_id}",
            "/orders/{order_id}/status",
            "/orders/{order_id}/shipment",
        ):
            self.assertIn(path, paths)

    def test_nul_characters_refused(self):
        # PostgreSQL cannot store NUL: a clear 422, never a server error.
        answers = [
            self.call("GET", "/orders", params={"external_id": "a\x00b"}),
            self.call("GET", "/stores/A%00/stock"),
            self.call("GET", "/members", params={"card": "x\x00"}),
            self.call(
                "POST",
                "/orders",
                json=self.order_payload(customer={"name": "Bad\x00Name"}),
            ),
        ]
        self.assertEqual([a.status_code for a in answers], [422] * 4)
        logged = self._calls(self.integration_a)[:4]
        self.assertEqual(logged.mapped("status_code"), [422] * 4)
        self.assertIn("\\x00", logged[2].path)
        self.assertFalse(
            self.env["sale.order"].search([("api_external_id", "=", "EXT-1")])
        )
