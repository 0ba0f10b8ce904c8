from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TaobaoCommon


@tagged("post_install", "-at_install")
class TestPull(TaobaoCommon):
    def test_pull_imports_confirmed_orders_once(self):
        self.fake.add_trade(1001, [("TEA-T1", 2, "18.00")])
        self.fake.add_trade(1002, [("TEA-T1", 1, "10.00"), ("TEA-T2", 3, "81.00")])
        self.fake.add_trade(1003, [("TEA-T1", 1, "10.00")], status="WAIT_BUYER_PAY")
        message, ok = self.shop.with_user(self.chain_manager)._pull_orders()
        self.assertTrue(ok, message)
        orders = self.orders()
        self.assertEqual(orders.mapped("api_external_id"), ["1001", "1002"])
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        self.assertEqual(orders.store_id, self.store_a)
        self.assertEqual(orders.user_id, self.tmall_integration.user_id)
        self.assertEqual(set(orders.mapped("shipment_state")), {"pending"})
        first = orders[0]
        # What the buyer paid per unit, after the shop's discounts.
        self.assertEqual(first.order_line.price_unit, 9.0)
        self.assertEqual(first.order_line.product_uom_qty, 2)
        self.assertEqual(first.partner_id.phone, "13800138000")
        self.assertIn("浦东新区", str(first.note))
        self.assertEqual(
            sorted(orders[1].order_line.mapped("product_id.default_code")),
            ["TEA-T1", "TEA-T2"],
        )
        self.assertIn("2 imported", message)
        self.assertTrue(self.shop.pull_cursor)
        # Again, and again over a window overlapping the first: no double.
        self.assertIn("0 imported", self.pull()[0])
        self.shop.pull_cursor -= timedelta(hours=3)
        message, ok = self.pull()
        self.assertIn("2 already imported", message)
        self.assertEqual(len(self.orders()), 2)

    def test_paging(self):
        self.shop.page_size = 2
        for tid in range(2001, 2006):
            self.fake.add_trade(tid, [("TEA-T1", 1, "10.00")])
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertEqual(len(self.orders()), 5)
        pages = [p["page_no"] for m, p in self.fake.calls]
        self.assertEqual(pages, ["1", "2", "3"])

    def test_windows_of_one_day(self):
        self.shop.pull_cursor = fields.Datetime.now() - timedelta(days=2, hours=1)
        self.fake.add_trade(
            2101,
            [("TEA-T1", 1, "10.00")],
            modified=fields.Datetime.now() + timedelta(hours=8) - timedelta(days=2),
        )
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertEqual(len(self.fake.calls), 3)
        self.assertEqual(len(self.orders()), 1)

    def test_bad_line_imports_nothing_and_is_retried(self):
        partners = self.env["res.partner"].search_count([])
        self.fake.add_trade(3001, [("TEA-T1", 1, "10.00"), ("TM-UNKNOWN", 1, "5.00")])
        message, ok = self.pull()
        self.assertFalse(ok)
        self.assertIn("1 failed", message)
        self.assertFalse(self.orders())
        self.assertFalse(self.env["sale.order.line"].search([("order_id", "=", False)]))
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        item = self.Item.search([("shop_id", "=", self.shop.id)])
        self.assertEqual(item.tid, "3001")
        self.assertEqual(item.state, "failed")
        self.assertIn("TM-UNKNOWN", item.error)
        self.assertEqual(item.store_id, self.store_a)
        self.assertEqual(self.shop.failed_pull_count, 1)
        # The chain manager sees it...
        self.assertEqual(
            item.with_user(self.chain_manager).read(["tid"])[0]["tid"], "3001"
        )
        # ... maps the product; the next pull imports it (cursor moved on).
        self.shop.product_ids = [
            Command.create({"product_id": self.product_2.id, "outer_id": "TM-UNKNOWN"})
        ]
        self.fake.trades.clear()
        message, ok = self.pull()
        self.assertTrue(ok, message)
        order = self.orders()
        self.assertEqual(order.api_external_id, "3001")
        self.assertEqual(order.order_line.product_id, self.product | self.product_2)
        self.assertEqual(item.state, "done")
        self.assertEqual(item.order_id, order)
        self.assertEqual(item.attempts, 1)

    def test_temporary_failure_keeps_the_cursor(self):
        cursor = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=2)
        self.shop.pull_cursor = cursor
        self.fake.add_trade(4001, [("TEA-T1", 1, "10.00")])
        for failure, text in (("http", "HTTP 500"), ("isp", "isp.top-remote")):
            self.fake.fail_next["taobao.trades.sold.increment.get"] = failure
            message, ok = self.pull()
            self.assertFalse(ok)
            self.assertIn(text, message)
            self.assertEqual(self.shop.pull_cursor, cursor)
            self.assertFalse(self.orders())
            self.assertIn(text, self.shop.last_pull_message)
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertEqual(self.orders().api_external_id, "4001")
        self.assertGreater(self.shop.pull_cursor, cursor)

    def test_top_calls_are_in_the_call_log(self):
        """Every TOP call, answered or failed, is in the integration's call
        log, the failed one kept although the pull's changes roll back."""
        Call = self.env["multistore.api.call"]
        endpoint = "TOP taobao.trades.sold.increment.get"
        domain = [
            ("integration_id", "=", self.shop.integration_id.id),
            ("endpoint", "=", endpoint),
        ]
        self.fake.fail_next["taobao.trades.sold.increment.get"] = "http"
        self.assertFalse(self.pull()[1])
        failed = Call.search(domain)
        self.assertEqual(len(failed), 1)
        self.assertEqual(failed.status_code, 503)
        self.assertIn("HTTP 500", failed.error)
        self.assertTrue(self.pull()[1])
        answered = Call.search(domain) - failed
        self.assertTrue(answered)
        self.assertEqual(set(answered.mapped("status_code")), {200})
        self.assertEqual(
            answered.mapped("path"), [self.shop.gateway_url] * len(answered)
        )

    def test_failure_on_a_later_page_keeps_the_cursor(self):
        self.shop.page_size = 1
        cursor = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=2)
        self.shop.pull_cursor = cursor
        self.fake.add_trade(4101, [("TEA-T1", 1, "10.00")])
        self.fake.add_trade(4102, [("TEA-T1", 1, "10.00")])

        failed = []
        original = type(self.shop)._top_call

        def second_page_fails(shop, method, params):
            if params.get("page_no") == 2 and not failed:
                failed.append(method)
                self.fake.fail_next[method] = "http"
            return original(shop, method, params)

        self.patch(type(self.shop), "_top_call", second_page_fails)
        __, ok = self.pull()
        self.assertFalse(ok)
        self.assertEqual(self.shop.pull_cursor, cursor)
        self.assertEqual(self.orders().mapped("api_external_id"), ["4101"])
        self.pull()
        self.assertEqual(
            sorted(self.orders().mapped("api_external_id")), ["4101", "4102"]
        )

    def test_integration_without_import_scope_refuses(self):
        self.tmall_integration.scope_ids = [Command.clear()]
        self.fake.add_trade(5001, [("TEA-T1", 1, "10.00")])
        __, ok = self.pull()
        self.assertFalse(ok)
        self.assertFalse(self.orders())
        item = self.Item.search([("shop_id", "=", self.shop.id)])
        self.assertIn("import_orders", item.error)

    def test_shop_of_store_a_cannot_import_into_store_b(self):
        with self.assertRaises(ValidationError):
            self.shop.store_id = self.store_b
        with self.assertRaises(ValidationError):
            self.shop.stock_store_ids = self.store_b
        # The shared import path checks the store as well.
        with self.assertRaises(AccessError):
            self.tmall_integration._api_import_order(
                "X-1",
                self.store_b,
                {"name": "Buyer"},
                [{"default_code": "TEA-T1", "quantity": 1}],
            )
        self.assertFalse(self.orders())

    def test_closed_trade_stops_being_retried(self):
        self.fake.add_trade(6001, [("TM-UNKNOWN", 1, "5.00")])
        self.pull()
        item = self.Item.search([("shop_id", "=", self.shop.id)])
        self.assertEqual(item.state, "failed")
        self.fake.trades[0]["status"] = "TRADE_CLOSED"
        self.pull()
        self.assertEqual(item.state, "failed")  # retried from the stored trade
        # Fetched again with its new status (an overlapping window).
        self.shop.pull_cursor -= timedelta(hours=2)
        self.pull()
        self.assertEqual(item.state, "skipped")
        self.assertFalse(self.orders())
