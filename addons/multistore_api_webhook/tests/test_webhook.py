import hashlib
import hmac
import json
from unittest.mock import MagicMock, patch

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.multistore_api.tests.common import ApiCommon
from odoo.addons.queue_job.tests.common import trap_jobs

from ..models.multistore_api_webhook_delivery import MAX_ATTEMPTS

POST = (
    "odoo.addons.multistore_api_webhook.models."
    "multistore_api_webhook_delivery.requests.post"
)


def _answer(status):
    response = MagicMock()
    response.status_code = status
    response.text = "receiver says no" if status >= 300 else "ok"
    return response


@tagged("post_install", "-at_install")
class TestWebhook(ApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Webhook = cls.env["multistore.api.webhook"]
        cls.Delivery = cls.env["multistore.api.webhook.delivery"]
        cls.hook = cls.Webhook.create(
            {
                "integration_id": cls.integration_a.id,
                "event": "order_status",
                "url": "http://receiver.test/hook",
            }
        )

    def _deliveries(self, webhook=None):
        return self.Delivery.search([("webhook_id", "=", (webhook or self.hook).id)])

    def test_order_status_of_subscribed_stores_only(self):
        with trap_jobs() as trap:
            order = self._create_sale_order(self.store_a)
            order.action_confirm()
            delivery = self._deliveries()
            self.assertEqual(len(delivery), 1)
            payload = json.loads(delivery.payload)
            self.assertEqual(payload["event"], "order_status")
            self.assertEqual(payload["data"]["order_id"], order.id)
            self.assertEqual(payload["data"]["state"], "sale")
            self.assertEqual(payload["data"]["store_code"], "A")
            trap.assert_jobs_count(1)
            # An order of store B is not sent to a store A integration.
            self._create_sale_order(self.store_b).action_confirm()
            self.assertEqual(len(self._deliveries()), 1)
            trap.assert_jobs_count(1)

    def test_signed_delivery_retried_with_back_off(self):
        with trap_jobs() as trap:
            self._create_sale_order(self.store_a).action_confirm()
            delivery = self._deliveries()
            with patch(POST, side_effect=[_answer(500), _answer(204)]) as post:
                trap.perform_enqueued_jobs()
                self.assertEqual(delivery.state, "pending")
                self.assertEqual(delivery.attempts, 1)
                self.assertEqual(delivery.response_status, 500)
                self.assertIn("receiver says no", delivery.last_error)
                self.assertGreater(delivery.next_attempt, fields.Datetime.now())
                # The retry is a new job, due after the back-off.
                trap.assert_jobs_count(1)
                self.assertEqual(trap.enqueued_jobs[0].eta, delivery.next_attempt)
                trap.perform_enqueued_jobs()
            self.assertEqual(delivery.state, "delivered")
            self.assertEqual(delivery.attempts, 2)
            self.assertTrue(delivery.delivered_at)
            trap.assert_jobs_count(0)
        body = post.call_args.kwargs["data"]
        headers = post.call_args.kwargs["headers"]
        expected = hmac.new(self.hook.secret.encode(), body, hashlib.sha256).hexdigest()
        self.assertEqual(headers["X-Multistore-Signature"], f"sha256={expected}")
        self.assertEqual(headers["X-Multistore-Event"], "order_status")
        self.assertEqual(body, delivery.payload.encode())

    def test_back_off_doubles_then_fails(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "multistore_api_webhook.retry_base_seconds", "10"
        )
        delays = [self.Delivery._retry_delay(n).total_seconds() for n in (1, 2, 3)]
        self.assertEqual(delays, [10, 20, 40])
        with trap_jobs() as trap:
            self._create_sale_order(self.store_a).action_confirm()
            delivery = self._deliveries()
            with patch(POST, return_value=_answer(503)):
                for _i in range(MAX_ATTEMPTS):
                    trap.perform_enqueued_jobs()
            self.assertEqual(delivery.state, "failed")
            self.assertEqual(delivery.attempts, MAX_ATTEMPTS)
            trap.assert_jobs_count(0)
            delivery.with_user(self.chain_manager).action_retry()
            self.assertEqual(delivery.state, "pending")
            trap.assert_jobs_count(1)

    def test_stock_below_threshold(self):
        hook = self.Webhook.create(
            {
                "integration_id": self.integration_a.id,
                "event": "stock_low",
                "url": "http://receiver.test/stock",
                "stock_threshold": 5,
            }
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse_a.lot_stock_id, 6.0
        )

        customers = self.env.ref("stock.stock_location_customers")

        def ship(qty):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": self.warehouse_a.out_type_id.id,
                    "location_id": self.warehouse_a.lot_stock_id.id,
                    "location_dest_id": self.env.ref(
                        "stock.stock_location_customers"
                    ).id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": "out",
                                "product_id": self.product.id,
                                "product_uom_qty": qty,
                                "product_uom": self.product.uom_id.id,
                                "location_id": self.warehouse_a.lot_stock_id.id,
                                "location_dest_id": customers.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.move_ids.quantity = qty
            picking.move_ids.picked = True
            picking._action_done()

        with trap_jobs():
            ship(1)  # 5 left: not below 5
            self.assertFalse(self._deliveries(hook))
            ship(2)  # 3 left: crossed
            [delivery] = self._deliveries(hook)
            data = json.loads(delivery.payload)["data"]
            self.assertEqual((data["store_code"], data["on_hand"]), ("A", 3.0))
            ship(1)  # still below: no new event
            self.assertEqual(len(self._deliveries(hook)), 1)

    def test_price_changed(self):
        hook = self.Webhook.create(
            {
                "integration_id": self.integration_a.id,
                "event": "price_changed",
                "url": "http://receiver.test/prices",
            }
        )
        # Price history rows are written by the approved price change (superuser).
        History = self.env["multistore.price.history"].sudo()
        with trap_jobs():
            History.create(
                {
                    "product_id": self.product.id,
                    "store_id": self.store_a.id,
                    "price": 9.0,
                    "old_price": 10.0,
                    "date_from": fields.Datetime.now(),
                }
            )
            History.create(
                {
                    "product_id": self.product.id,
                    "store_id": self.store_b.id,
                    "price": 8.0,
                    "date_from": fields.Datetime.now(),
                }
            )
        [delivery] = self._deliveries(hook)
        data = json.loads(delivery.payload)["data"]
        self.assertEqual((data["store_code"], data["price"]), ("A", 9.0))

    def test_store_roles_cannot_read_webhooks(self):
        for user in (self.staff_a, self.manager_a):
            for model in ("multistore.api.webhook", "multistore.api.webhook.delivery"):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.hook.with_user(self.manager_a).action_new_secret()
