from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ApiCommon


@tagged("post_install", "-at_install")
class TestApiOrders(ApiCommon):
    def _orders(self, external_id="EXT-1"):
        return self.env["sale.order"].search([("api_external_id", "=", external_id)])

    def test_import_is_idempotent(self):
        first = self.call("POST", "/orders", json=self.order_payload())
        self.assertEqual(first.status_code, 201, first.text)
        body = first.json()
        order = self._orders()
        self.assertEqual(body["id"], order.id)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.store_id, self.store_a)
        self.assertEqual(order.api_integration_id, self.integration_a)
        self.assertEqual(order.warehouse_id, self.warehouse_a)
        self.assertEqual(order.user_id, self.integration_a.user_id)
        self.assertEqual(body["lines"][0]["quantity"], 2)
        self.assertEqual(body["lines"][0]["price_unit"], 10.0)
        self.assertEqual(body["external_id"], "EXT-1")
        self.assertEqual(body["shipment"]["state"], "pending")
        again = self.call("POST", "/orders", json=self.order_payload())
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["id"], order.id)
        self.assertEqual(len(self._orders()), 1)
        # Another integration may use the same external id for its own order.
        self.integration_ro.scope_ids |= self.env.ref(
            "multistore_api.scope_import_orders"
        )
        other = self.call("POST", "/orders", key=self.KEY_RO, json=self.order_payload())
        self.assertEqual(other.status_code, 201, other.text)
        self.assertNotEqual(other.json()["id"], order.id)

    def test_lines_by_id_and_reference_in_one_order(self):
        """Lines name their product by id or by reference, mixed in one order
        (looked up together); the technical user does not follow the order,
        its customer does."""
        payload = self.order_payload(
            lines=[
                {"default_code": "TEA-T1", "quantity": 1},
                {"product_id": self.product.id, "quantity": 3},
                {"default_code": "TEA-T1", "quantity": 2},
            ]
        )
        response = self.call("POST", "/orders", json=payload)
        self.assertEqual(response.status_code, 201, response.text)
        order = self._orders()
        # self.product is TEA-T1 (tests/common.py)
        self.assertEqual(
            [(line.product_id, line.product_uom_qty) for line in order.order_line],
            [(self.product, 1), (self.product, 3), (self.product, 2)],
        )
        followers = order.message_partner_ids
        self.assertIn(order.partner_id, followers)
        self.assertNotIn(self.integration_a.user_id.partner_id, followers)

    def test_price_given_by_the_integration(self):
        payload = self.order_payload(
            lines=[{"product_id": self.product.id, "quantity": 1, "price_unit": 7.25}]
        )
        response = self.call("POST", "/orders", json=payload)
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["lines"][0]["price_unit"], 7.25)

    def test_bad_line_imports_nothing(self):
        partners = self.env["res.partner"].search_count([])
        payload = self.order_payload(
            lines=[
                {"default_code": "TEA-T1", "quantity": 1},
                {"default_code": "NO-SUCH-PRODUCT", "quantity": 1},
            ]
        )
        response = self.call("POST", "/orders", json=payload)
        self.assertEqual(response.status_code, 422, response.text)
        detail = response.json()["detail"]
        self.assertEqual(detail["error"], "invalid_lines")
        self.assertEqual([line["index"] for line in detail["lines"]], [1])
        self.assertFalse(self._orders())
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        bad = self.order_payload(lines=[{"default_code": "TEA-T1", "quantity": -1}])
        self.assertEqual(self.call("POST", "/orders", json=bad).status_code, 422)

    def test_import_into_other_store_refused(self):
        response = self.call("POST", "/orders", json=self.order_payload(store_code="B"))
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["detail"]["error"], "store_not_allowed")
        self.assertFalse(self._orders())

    def test_read_and_status(self):
        order_id = self.call("POST", "/orders", json=self.order_payload()).json()["id"]
        body = self.call("GET", f"/orders/{order_id}").json()
        self.assertEqual(body["store_code"], "A")
        self.assertEqual(body["state"], "sale")
        self.assertEqual(body["state_label"], "Sales Order")
        status = self.call("GET", f"/orders/{order_id}/status").json()
        self.assertEqual(status["id"], order_id)
        self.assertEqual(status["shipment"]["state_label"], "Not shipped")
        found = self.call("GET", "/orders", params={"external_id": "EXT-1"}).json()
        self.assertEqual(found["id"], order_id)
        self.assertEqual(
            self.call("GET", "/orders", params={"external_id": "nope"}).status_code,
            404,
        )
        # An order of store B is not found by a key of store A.
        order_b = self._create_sale_order(self.store_b)
        response = self.call("GET", f"/orders/{order_b.id}")
        self.assertEqual(response.status_code, 404, response.text)
        self.assertEqual(response.json()["detail"]["error"], "order_not_found")

    def test_shipment_update_and_delivery(self):
        order_id = self.call("POST", "/orders", json=self.order_payload()).json()["id"]
        order = self.env["sale.order"].browse(order_id)
        response = self.call(
            "POST",
            f"/orders/{order_id}/shipment",
            json={"carrier": "SF Express", "tracking_ref": "SF123456"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["shipment"]["state"], "shipped")
        self.assertEqual(order.shipment_tracking_ref, "SF123456")
        self.assertEqual(order.delivery_status, "pending")
        response = self.call(
            "POST", f"/orders/{order_id}/shipment", json={"delivered": True}
        )
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["shipment"]["state"], "delivered")
        self.assertEqual(body["shipment"]["carrier"], "SF Express")
        self.assertEqual(body["delivery_status"], "full")
        self.assertEqual(order.picking_ids.mapped("state"), ["done"])
        self.assertEqual(order.order_line.qty_delivered, 2)
        again = self.call(
            "POST", f"/orders/{order_id}/shipment", json={"delivered": True}
        )
        self.assertEqual(again.status_code, 400, again.text)

    def test_shipment_needs_scope(self):
        order_id = self.call("POST", "/orders", json=self.order_payload()).json()["id"]
        response = self.call(
            "POST",
            f"/orders/{order_id}/shipment",
            key=self.KEY_RO,
            json={"delivered": True},
        )
        self.assertEqual(response.status_code, 403, response.text)

    def test_labels_follow_the_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["multistore_api"], ["zh_CN"])
        order_id = self.call("POST", "/orders", json=self.order_payload()).json()["id"]
        status = self.call("GET", f"/orders/{order_id}/status", lang="zh_CN").json()
        self.assertEqual(status["shipment"]["state_label"], "未发货")
        english = self.call("GET", f"/orders/{order_id}/status", lang="en_US").json()
        self.assertEqual(english["shipment"]["state_label"], "Not shipped")
        refused = self.call("GET", "/stores/B/stock", lang="zh_CN").json()
        self.assertIn("此密钥无权访问门店 B", refused["detail"]["message"])


@tagged("post_install", "-at_install")
class TestApiOrderBatch(ApiCommon):
    """POST /orders/batch: each order all or nothing and independent, one
    confirmation for the good ones, one by one when that fails."""

    def _orders(self, *external_ids):
        return self.env["sale.order"].search(
            [
                ("api_integration_id", "=", self.integration_a.id),
                ("api_external_id", "in", external_ids),
            ]
        )

    def _payload(self, external_id, phone="+86 138 0000 0001", **extra):
        payload = self.order_payload(external_id, **extra)
        payload["customer"]["phone"] = phone
        return payload

    def _confirmations(self, fail_for=None):
        """Record each action_confirm call (its orders' external ids); with
        ``fail_for``, a call over that order raises a UserError."""
        SaleOrder = type(self.env["sale.order"])
        action_confirm = SaleOrder.action_confirm
        calls = []
        # As a rule of the confirmation (a test message: not translated).
        refusal = f"{fail_for} cannot be confirmed."

        def confirm(orders):
            refs = orders.mapped("client_order_ref")
            calls.append(refs)
            if fail_for in refs:
                raise UserError(refusal)
            return action_confirm(orders)

        return calls, patch.object(SaleOrder, "action_confirm", confirm)

    def test_batch_statuses(self):
        earlier = self.call("POST", "/orders", json=self._payload("BATCH-OLD"))
        self.assertEqual(earlier.status_code, 201, earlier.text)
        partners = self.env["res.partner"].search_count([])
        orders = [
            self._payload("BATCH-1", lines=[{"default_code": "TEA-T1", "quantity": 3}]),
            self._payload(
                "BATCH-BAD-LINE",
                phone="+86 138 0000 0002",
                lines=[
                    {"default_code": "TEA-T1", "quantity": 1},
                    {"default_code": "NO-SUCH-PRODUCT", "quantity": 1},
                ],
            ),
            self._payload("BATCH-STORE-B", phone="+86 138 0000 0003", store_code="B"),
            self._payload("BATCH-1", lines=[{"default_code": "TEA-T1", "quantity": 9}]),
            self._payload("BATCH-OLD"),
            self._payload(
                "BATCH-2",
                lines=[{"product_id": self.product.id, "quantity": 1, "price_unit": 4}],
            ),
            self._payload("BATCH-NO-STORE", phone="+86 138 0000 0004", store_code="ZZ"),
        ]
        calls, patched = self._confirmations()
        with patched:
            response = self.call("POST", "/orders/batch", json={"orders": orders})
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual(
            [(r["external_id"], r["status"]) for r in results],
            [
                ("BATCH-1", "created"),
                ("BATCH-BAD-LINE", "error"),
                ("BATCH-STORE-B", "error"),
                ("BATCH-1", "existing"),
                ("BATCH-OLD", "existing"),
                ("BATCH-2", "created"),
                ("BATCH-NO-STORE", "error"),
            ],
        )
        # The two new orders, confirmed by one call.
        self.assertEqual(calls, [["BATCH-1", "BATCH-2"]])
        first, second = self._orders("BATCH-1"), self._orders("BATCH-2")
        self.assertEqual(len(first), 1)
        self.assertEqual((first.state, second.state), ("sale", "sale"))
        self.assertEqual(first.store_id, self.store_a)
        self.assertEqual(first.user_id, self.integration_a.user_id)
        self.assertEqual(first.shipment_state, "pending")
        self.assertEqual(first.order_line.product_uom_qty, 3)
        self.assertTrue(first.picking_ids)
        self.assertEqual(results[0]["order"]["id"], first.id)
        self.assertEqual(results[0]["order"]["lines"][0]["quantity"], 3)
        self.assertEqual(results[3]["order"]["id"], first.id)
        self.assertEqual(results[4]["order"]["id"], earlier.json()["id"])
        self.assertEqual(results[5]["order"]["lines"][0]["price_unit"], 4)
        for result in (results[0], results[3], results[4], results[5]):
            self.assertIsNone(result["error"])
        # Nothing of the bad orders, not even their customers.
        self.assertFalse(
            self._orders("BATCH-BAD-LINE", "BATCH-STORE-B", "BATCH-NO-STORE")
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        bad_line, store_b, no_store = results[1], results[2], results[6]
        self.assertIsNone(bad_line["order"])
        self.assertEqual(bad_line["error"]["code"], "invalid_lines")
        self.assertEqual([line["index"] for line in bad_line["error"]["lines"]], [1])
        self.assertEqual(store_b["error"]["code"], "store_not_allowed")
        self.assertIn("may not access store B", store_b["error"]["message"])
        self.assertIsNone(store_b["error"]["lines"])
        self.assertEqual(no_store["error"]["code"], "store_not_found")
        # The same batch again creates nothing.
        again = self.call("POST", "/orders/batch", json={"orders": orders})
        self.assertEqual(
            [r["status"] for r in again.json()["results"]],
            ["existing", "error", "error", "existing", "existing", "existing", "error"],
        )
        self.assertEqual(len(self._orders("BATCH-1", "BATCH-2", "BATCH-OLD")), 3)
        # One logged call per batch.
        logged = self.env["multistore.api.call"].search(
            [("integration_id", "=", self.integration_a.id)]
        )
        self.assertEqual(
            logged.mapped("endpoint").count("/orders/batch"), 2, logged.mapped("path")
        )

    def test_batch_size_limits(self):
        orders = [self._payload(f"BATCH-{index}") for index in range(101)]
        response = self.call("POST", "/orders/batch", json={"orders": orders})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("at most 100", response.text)
        self.assertFalse(self._orders(*(order["external_id"] for order in orders)))
        empty = self.call("POST", "/orders/batch", json={"orders": []})
        self.assertEqual(empty.status_code, 422, empty.text)

    def test_batch_needs_import_scope(self):
        orders = [self._payload("BATCH-RO-1"), self._payload("BATCH-RO-2")]
        response = self.call(
            "POST", "/orders/batch", key=self.KEY_RO, json={"orders": orders}
        )
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["detail"]["error"], "scope_missing")
        self.assertFalse(
            self.env["sale.order"].search(
                [("api_external_id", "in", ["BATCH-RO-1", "BATCH-RO-2"])]
            )
        )

    def test_failed_confirmation_imports_the_others_one_by_one(self):
        """When confirming the batch fails, it is rolled back and the orders
        are imported one by one: the failing one is reported, the others are
        imported."""
        partners = self.env["res.partner"].search_count([])
        orders = [
            self._payload("BATCH-F1"),
            self._payload("BATCH-FAIL", phone="+86 138 0000 0009"),
            self._payload("BATCH-F2"),
            self._payload("BATCH-F1"),
        ]
        calls, patched = self._confirmations(fail_for="BATCH-FAIL")
        with patched:
            response = self.call("POST", "/orders/batch", json={"orders": orders})
        self.assertEqual(response.status_code, 200, response.text)
        results = response.json()["results"]
        self.assertEqual(
            [r["status"] for r in results], ["created", "error", "created", "existing"]
        )
        # The batch's confirmation, then one per order.
        self.assertEqual(
            calls,
            [
                ["BATCH-F1", "BATCH-FAIL", "BATCH-F2"],
                ["BATCH-F1"],
                ["BATCH-FAIL"],
                ["BATCH-F2"],
            ],
        )
        self.assertEqual(results[1]["error"]["code"], "order_refused")
        self.assertEqual(
            results[1]["error"]["message"], "BATCH-FAIL cannot be confirmed."
        )
        self.assertIsNone(results[1]["order"])
        imported = self._orders("BATCH-F1", "BATCH-F2", "BATCH-FAIL")
        self.assertEqual(
            sorted(imported.mapped("api_external_id")), ["BATCH-F1", "BATCH-F2"]
        )
        self.assertEqual(imported.mapped("state"), ["sale", "sale"])
        self.assertEqual(results[3]["order"]["id"], results[0]["order"]["id"])
        self.assertFalse(
            self.env["sale.order"].search([("client_order_ref", "=", "BATCH-FAIL")])
        )
        # Only the customer of the imported orders (one for both) was created.
        self.assertEqual(self.env["res.partner"].search_count([]), partners + 1)

    def test_batch_of_the_model_for_connectors(self):
        """The batch import is a method of the integration: connectors send
        their orders through it as the API does."""
        results = self.integration_a._api_import_orders(
            [
                {
                    "external_id": "CONN-1",
                    "store": self.store_a,
                    "customer": {"name": "Shop Buyer", "email": "buyer@example.com"},
                    "lines": [{"product_id": self.product.id, "quantity": 1}],
                },
                {
                    "external_id": "CONN-2",
                    "store": self.store_b,
                    "customer": {"name": "Shop Buyer", "email": "buyer@example.com"},
                    "lines": [{"product_id": self.product.id, "quantity": 1}],
                },
            ]
        )
        self.assertEqual([r["status"] for r in results], ["created", "error"])
        order = results[0]["order"]
        self.assertEqual(order.env.user, self.integration_a.user_id)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id.email, "buyer@example.com")
        self.assertEqual(results[1]["error"]["code"], "store_not_allowed")
        self.assertFalse(results[1]["order"])
