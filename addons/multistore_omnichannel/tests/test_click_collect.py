from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import OmnichannelCommon


@tagged("post_install", "-at_install")
class TestClickCollect(OmnichannelCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.store_a | cls.store_b).pickup_enabled = True

    def _ready(self, order, user=None):
        picking = self._deliveries(order).with_user(user or self.staff_a)
        picking.action_multistore_ready_for_pickup()
        return picking

    def test_collected_at_the_store_that_has_the_goods(self):
        self._set_stock(self.store_a, 5)
        order = self._online_order([(self.product, 2)], pickup_store=self.store_a)
        order.action_confirm()
        picking = self._deliveries(order)
        self.assertEqual(picking.store_id, self.store_a)
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(order.multistore_transfer_ids)
        self.assertRegex(order.pickup_code, r"^\d{8}$")
        self.assertEqual(order.fulfilment_state, "preparing")
        # Handing it over before the customer was told is refused.
        picking.move_ids.quantity = 2
        with self.assertRaisesRegex(UserError, "not ready for pickup"):
            picking.with_user(self.staff_a).button_validate()
        self.env["ir.config_parameter"].set_param(
            "multistore_omnichannel.pickup_hold_days", "3"
        )
        before = fields.Datetime.now()
        self._ready(order)
        self.assertEqual(order.fulfilment_state, "ready")
        self.assertGreaterEqual(order.pickup_deadline, before + timedelta(days=3))
        self.assertLess(order.pickup_deadline, before + timedelta(days=3, minutes=5))
        # The customer is told, with the code.
        message = order.message_ids.filtered(
            lambda m: order.pickup_code in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer, message.notified_partner_ids)
        self.assertIn("Store A", message.subject)
        picking.with_user(self.staff_a).button_validate()
        self.assertEqual(order.fulfilment_state, "collected")

    def test_missing_goods_come_by_transfer_from_another_store(self):
        self._set_stock(self.store_a, 1)
        self._set_stock(self.store_b, 5)
        self._set_stock(self.store_b, 2, self.product2)
        order = self._online_order(
            [(self.product, 3), (self.product2, 2)], pickup_store=self.store_a
        )
        order.action_confirm()
        self.assertEqual(self._line_stores(order)[self.product], self.store_a)
        transfer = order.multistore_transfer_ids
        self.assertEqual(len(transfer), 1)
        self.assertEqual(transfer.source_store_id, self.store_b)
        self.assertEqual(transfer.dest_store_id, self.store_a)
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(transfer.origin, order.name)
        self.assertEqual(
            {line.product_id: line.qty_requested for line in transfer.line_ids},
            {self.product: 2, self.product2: 2},
        )
        with self.assertRaisesRegex(UserError, transfer.name):
            self._ready(order)
        self.assertEqual(order.fulfilment_state, "preparing")
        # The transfer runs its course; the goods arrive; ready.
        transfer.action_approve()
        transfer.action_ship()
        transfer.action_fill_received()
        transfer.action_receive()
        picking = self._deliveries(order)
        picking.action_assign()
        self.assertEqual(picking.state, "assigned")
        self._ready(order)
        self.assertEqual(order.fulfilment_state, "ready")

    def test_pickup_store_must_take_click_and_collect(self):
        self._set_stock(self.store_c, 5)
        order = self._online_order([(self.product, 1)], pickup_store=self.store_c)
        with self.assertRaisesRegex(UserError, "does not take click & collect"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.store_b.active = False
        order = self._online_order([(self.product, 1)], pickup_store=self.store_b)
        with self.assertRaisesRegex(UserError, "does not take click & collect"):
            order.action_confirm()
        self.assertFalse(order.picking_ids)

    def test_pickup_of_more_than_the_chain_has_is_refused(self):
        self._set_stock(self.store_a, 1)
        self._set_stock(self.store_b, 1)
        order = self._online_order([(self.product, 3)], pickup_store=self.store_a)
        with self.assertRaisesRegex(UserError, "the chain has 2"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(
            self.env["multistore.transfer"].search([("origin", "=", order.name)])
        )

    def test_uncollected_order_is_released(self):
        self._set_stock(self.store_a, 2)
        order = self._online_order([(self.product, 2)], pickup_store=self.store_a)
        order.action_confirm()
        self._ready(order)
        Order = self.env["sale.order"]
        self.assertFalse(Order._cron_release_uncollected())
        with freeze_time(order.pickup_deadline + timedelta(hours=1)):
            released = Order._cron_release_uncollected()
        self.assertEqual(released, order)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.fulfilment_state, "released")
        self.assertEqual(self._deliveries(order).state, "cancel")
        quant = self.env["stock.quant"]._gather(
            self.product, self.warehouse_a.lot_stock_id
        )
        self.assertEqual(sum(quant.mapped("reserved_quantity")), 0)

    def test_cancelled_order_cancels_its_open_transfers(self):
        self._set_stock(self.store_b, 5)
        order = self._online_order([(self.product, 1)], pickup_store=self.store_a)
        order.action_confirm()
        transfer = order.multistore_transfer_ids
        self.assertEqual(transfer.state, "requested")
        order._action_cancel()
        self.assertEqual(transfer.state, "cancel")

    def test_hold_days_setting_is_positive(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"multistore_pickup_hold_days": 0})

    def test_pickup_stores_are_offered_at_the_website_checkout(self):
        carrier = self.env.ref("website_sale_collect.carrier_pick_up_in_store")
        self.assertIn(self.warehouse_a, carrier.warehouse_ids)
        self.assertIn(self.warehouse_b, carrier.warehouse_ids)
        self.assertNotIn(self.warehouse_c, carrier.warehouse_ids)
        self.store_b.pickup_enabled = False
        self.assertNotIn(self.warehouse_b, carrier.warehouse_ids)
        self.store_c.pickup_enabled = True
        self.assertIn(self.warehouse_c, carrier.warehouse_ids)
        # The website's choice of a store is the order's pickup store.
        order = self._online_order([(self.product, 1)])
        order.carrier_id = carrier
        order.warehouse_id = self.warehouse_c
        self.assertEqual(order.pickup_store_id, self.store_c)
