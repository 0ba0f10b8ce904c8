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
