from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import TaobaoCommon, recent
from .fake_top import FORMAT


@tagged("post_install", "-at_install")
class TestClosedTrades(TaobaoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse_a.lot_stock_id, 10
        )

    def _free_qty(self):
        self.env.invalidate_all()
        return self.product.with_context(warehouse_id=self.warehouse_a.id).free_qty

    def _import(self, tid, qty=2):
        trade = self.fake.add_trade(
            tid, [("TEA-T1", qty, f"{9.0 * qty:.2f}")], modified=recent()
        )
        __, ok = self.pull()
        self.assertTrue(ok)
        return trade, self.orders().filtered(lambda o: o.api_external_id == str(tid))

    def _close(self, trade, status="TRADE_CLOSED"):
        """The buyer cancels: Taobao closes the trade, which the next
        increment pull returns (modified again)."""
        trade["status"] = status
        trade["modified"] = recent().strftime(FORMAT)

    def _items(self):
        return self.Item.search([("shop_id", "=", self.shop.id)])

    def test_closed_trade_cancels_its_order(self):
        trade, order = self._import(9001, qty=2)
        trade_2, order_2 = self._import(9002, qty=3)
        picking = order.picking_ids
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._free_qty(), 5)
        self._close(trade)
        self._close(trade_2, status="TRADE_CLOSED_BY_TAOBAO")
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertIn("2 cancelled", message)
        self.assertEqual((order | order_2).mapped("state"), ["cancel", "cancel"])
        # Odoo's cancel flow: the deliveries are cancelled, the stock is free.
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(set(order_2.picking_ids.mapped("state")), {"cancel"})
        self.assertEqual(self._free_qty(), 10)
        # ... as the integration's technical user, said in the chatter.
        technical_user = self.tmall_integration.user_id
        note = order.message_ids.filtered(lambda m: "9001" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, technical_user.partner_id)
        self.assertIn("TRADE_CLOSED", str(note.body))
        self.assertFalse(self._items())
        # Seen again (an overlapping window): nothing changes.
        messages = order.message_ids
        self.shop.pull_cursor -= timedelta(hours=1)
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertIn("0 cancelled", message)
        self.assertIn("2 not to ship", message)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.message_ids, messages)
        self.assertFalse(self._items())
        self.assertEqual(len(self.orders()), 2)

    def test_trade_closed_before_import_is_not_imported(self):
        self.fake.add_trade(9101, [("TEA-T1", 1, "10.00")], status="TRADE_CLOSED")
        self.fake.add_trade(
            9102, [("TEA-T1", 1, "10.00")], status="TRADE_CLOSED_BY_TAOBAO"
        )
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertIn("2 not to ship", message)
        self.assertFalse(self.orders())
        self.assertFalse(self._items())

    def test_shipped_order_is_left_for_a_return(self):
        trade, order = self._import(9201, qty=1)
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        with trap_jobs():
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        # Another one shipped as the logistics API reports it (not validated).
        trade_2, order_2 = self._import(9202, qty=1)
        with trap_jobs():
            order_2._api_update_shipment(carrier="SF", tracking_ref="SF9202")
        self._close(trade)
        self._close(trade_2)
        message, ok = self.pull()
        self.assertFalse(ok)
        self.assertIn("0 cancelled", message)
        self.assertIn("2 to handle", message)
        # The orders are not changed...
        self.assertEqual((order | order_2).mapped("state"), ["sale", "sale"])
        self.assertEqual(picking.state, "done")
        self.assertNotEqual(order_2.picking_ids.state, "cancel")
        # ... the trades are listed for the store to handle the return.
        items = self._items()
        self.assertEqual(sorted(items.mapped("tid")), ["9201", "9202"])
        self.assertEqual(set(items.mapped("state")), {"attention"})
        item = items.filtered(lambda i: i.tid == "9201")
        self.assertEqual(item.order_id, order)
        self.assertEqual(item.trade_status, "TRADE_CLOSED")
        self.assertIn("must handle a return", item.error)
        self.assertIn(order.name, item.error)
        self.assertIn("shipped", item.error)
        self.assertEqual(self.shop.failed_pull_count, 2)
        # Seen again: nothing changes, nothing is listed twice.
        before = items.read(["state", "error", "attempts", "write_date"])
        self.shop.pull_cursor -= timedelta(hours=1)
        message, ok = self.pull()
        self.assertIn("0 to handle", message)
        self.assertEqual(self._items(), items)
        self.assertEqual(
            items.read(["state", "error", "attempts", "write_date"]), before
        )
        # The chain manager marks the return handled; store roles may not.
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                item.with_user(user).action_mark_handled()
        item.with_user(self.chain_manager).action_mark_handled()
        self.assertEqual(item.state, "done")
        with self.assertRaises(UserError):
            item.with_user(self.chain_manager).action_mark_handled()
        self.shop.pull_cursor -= timedelta(hours=1)
        self.pull()
        self.assertEqual(item.state, "done")
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.shop.failed_pull_count, 1)

    def test_invoiced_order_is_left_for_a_return(self):
        trade, order = self._import(9301, qty=1)
        invoice = order._create_invoices()
        invoice.action_post()
        self._close(trade)
        __, ok = self.pull()
        self.assertFalse(ok)
        self.assertEqual(order.state, "sale")
        self.assertEqual(invoice.state, "posted")
        item = self._items()
        self.assertEqual(item.state, "attention")
        self.assertIn("invoiced", item.error)

    def test_cancel_needs_the_integration_scope(self):
        """The scope is checked before the order is touched: a refusal is a
        failed trade, tried again at the next pull."""
        trade, order = self._import(9401)
        self.tmall_integration.scope_ids = [Command.clear()]
        self._close(trade)
        __, ok = self.pull()
        self.assertFalse(ok)
        self.assertEqual(order.state, "sale")
        item = self._items()
        self.assertEqual(item.state, "failed")
        self.assertIn("import_orders", item.error)
        self.assertEqual(item.order_id, order)
        # The scope back, the next pull cancels it from the stored trade.
        self.tmall_integration.scope_ids = [Command.set(self.scope_import.ids)]
        self.fake.trades.clear()
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertIn("1 cancelled", message)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(item.state, "done")
        self.assertEqual(item.trade_status, "TRADE_CLOSED")
