from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.multistore_api.tests.common import ApiCommon
from odoo.addons.multistore_returns.models.multistore_return_policy import (
    APPROVAL_AMOUNT_PARAM,
    RETURN_DAYS_PARAM,
)


@tagged("post_install", "-at_install")
class TestApiReturns(ApiCommon):
    """A marketplace records its customer's return of a delivered order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param(RETURN_DAYS_PARAM, "7")
        params.set_param(APPROVAL_AMOUNT_PARAM, "0")
        cls.reason = cls.env["multistore.return.reason"].create(
            {"name": "Damaged in transit", "code": "T_DAMAGED"}
        )

    def _delivered_order(self, external_id="EXT-R1", quantity=3):
        payload = self.order_payload(
            external_id=external_id,
            lines=[{"default_code": "TEA-T1", "quantity": quantity}],
        )
        order_id = self.call("POST", "/orders", json=payload).json()["id"]
        delivered = self.call(
            "POST", f"/orders/{order_id}/shipment", json={"delivered": True}
        )
        self.assertEqual(delivered.status_code, 200, delivered.text)
        return self.env["sale.order"].browse(order_id)

    def _return(self, order, external_id="RET-1", quantity=1, key=None, **extra):
        payload = {
            "external_id": external_id,
            "reason_code": "T_DAMAGED",
            "lines": [{"default_code": "TEA-T1", "quantity": quantity}],
        }
        payload.update(extra)
        return self.call(
            "POST",
            f"/orders/{order.id}/returns",
            key=key or self.KEY_A,
            json=payload,
        )

    def _returns(self, order):
        return order.picking_ids.filtered("return_id")

    def test_return_is_recorded_once(self):
        order = self._delivered_order()
        response = self._return(order, quantity=2)
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        returns = self._returns(order)
        self.assertEqual(len(returns), 1)
        self.assertEqual([r["id"] for r in body["returns"]], returns.ids)
        self.assertEqual(body["reason_code"], "T_DAMAGED")
        self.assertEqual(body["returns"][0]["store_code"], "A")
        self.assertEqual(body["returns"][0]["lines"][0]["quantity"], 2)
        self.assertEqual(returns.multistore_return_reason_id, self.reason)
        self.assertEqual(returns.api_integration_id, self.integration_a)
        self.assertEqual(returns.api_external_id, "RET-1")
        self.assertEqual(returns.store_id, self.store_a)
        self.assertEqual(returns.move_ids.product_uom_qty, 2)
        # The goods come back to the store's stock when its staff receive them.
        self.assertEqual(
            returns.location_dest_id.warehouse_id, self.warehouse_a, returns.name
        )
        again = self._return(order, quantity=2)
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["returns"][0]["id"], returns.id)
        self.assertEqual(self._returns(order), returns)
        listed = self.call("GET", f"/orders/{order.id}/returns")
        self.assertEqual(listed.status_code, 200, listed.text)
        self.assertEqual(listed.json()[0]["external_id"], "RET-1")

    def test_no_more_than_delivered(self):
        order = self._delivered_order(quantity=3)
        self.assertEqual(self._return(order, quantity=2).status_code, 201)
        response = self._return(order, external_id="RET-2", quantity=2)
        self.assertEqual(response.status_code, 422, response.text)
        detail = response.json()["detail"]
        self.assertEqual(detail["error"], "return_refused")
        self.assertIn("only 1.0 delivered", detail["message"])
        self.assertEqual(len(self._returns(order)), 1)
        self.assertEqual(self._return(order, "RET-2", quantity=1).status_code, 201)

    def test_undelivered_order_cannot_be_returned(self):
        payload = self.order_payload(external_id="EXT-OPEN")
        order_id = self.call("POST", "/orders", json=payload).json()["id"]
        order = self.env["sale.order"].browse(order_id)
        response = self._return(order)
        self.assertEqual(response.status_code, 422, response.text)
        self.assertFalse(self._returns(order))

    def test_return_window(self):
        order = self._delivered_order()
        order.sudo().date_order = fields.Datetime.now() - timedelta(days=30)
        response = self._return(order)
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("return window is over", response.json()["detail"]["message"])
        self.assertFalse(self._returns(order))

    def test_approval_amount_needs_a_store_manager(self):
        self.env["ir.config_parameter"].sudo().set_param(APPROVAL_AMOUNT_PARAM, "15")
        order = self._delivered_order()
        response = self._return(order, quantity=2)  # 2 x 10.00 > 15
        self.assertEqual(response.status_code, 422, response.text)
        self.assertIn("store manager", response.json()["detail"]["message"])
        self.assertFalse(self._returns(order))
        self.assertEqual(self._return(order, quantity=1).status_code, 201)

    def test_unknown_reason_and_product(self):
        order = self._delivered_order()
        response = self._return(order, reason_code="NOPE")
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["detail"]["error"], "unknown_reason")
        self.assertIn("T_DAMAGED", response.json()["detail"]["message"])
        response = self._return(
            order, lines=[{"default_code": "NO-SUCH", "quantity": 1}]
        )
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()["detail"]["error"], "invalid_lines")
        self.assertFalse(self._returns(order))

    def test_external_id_of_another_order(self):
        first = self._delivered_order(external_id="EXT-R1")
        second = self._delivered_order(external_id="EXT-R2")
        self.assertEqual(self._return(first).status_code, 201)
        response = self._return(second)
        self.assertEqual(response.status_code, 409, response.text)
        self.assertFalse(self._returns(second))

    def test_scope_and_store(self):
        order = self._delivered_order()
        response = self._return(order, key=self.KEY_RO)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(
            self.call("GET", "/return-reasons", key=self.KEY_RO).status_code, 403
        )
        # An order of store B is not found by a key of store A.
        order_b = order.copy({"store_id": self.store_b.id})
        response = self._return(order_b)
        self.assertEqual(response.status_code, 404, response.text)
        self.assertFalse(self._returns(order))

    def test_reasons_are_listed(self):
        response = self.call("GET", "/return-reasons")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIn(
            {"code": "T_DAMAGED", "name": "Damaged in transit"}, response.json()
        )

    def test_fields_are_closed_to_direct_writes(self):
        order = self._delivered_order()
        self._return(order)
        returns = self._returns(order)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            returns.with_user(self.manager_a).write({"api_external_id": "OTHER"})
        self.assertEqual(returns.api_external_id, "RET-1")
