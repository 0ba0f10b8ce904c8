from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import OmnichannelCommon


@tagged("post_install", "-at_install")
class TestOnlineOrder(OmnichannelCommon):
    def test_routed_whole_to_the_store_of_the_customers_region(self):
        self._set_stock(self.store_a, 5)
        self._set_stock(self.store_a, 5, self.product2)
        self._set_stock(self.store_b, 5)
        self._set_stock(self.store_b, 5, self.product2)
        order = self._online_order([(self.product, 2), (self.product2, 1)])
        order.action_confirm()
        self.assertEqual(
            self._line_stores(order),
            {self.product: self.store_a, self.product2: self.store_a},
        )
        delivery = self._deliveries(order)
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.picking_type_id.warehouse_id, self.warehouse_a)
        self.assertEqual(delivery.store_id, self.store_a)
        self.assertEqual(delivery.state, "assigned", "reserved in store A")
        self.assertEqual(order.fulfilment_state, "preparing")
        self.assertEqual(order.routing_note, "Shipped whole by Store A.")
        self.assertEqual(order.store_id, self.store_o, "still the online store's sale")
        # Beijing's customer is served by Beijing.
        self.customer.state_id = self.beijing
        order_bj = self._online_order([(self.product, 1)])
        order_bj.action_confirm()
        self.assertEqual(self._deliveries(order_bj).store_id, self.store_b)

    def test_split_between_stores_and_central_fallback(self):
        self._set_stock(self.store_a, 5)
        self._set_stock(self.store_b, 5, self.product2)
        self._set_stock(self.store_w, 5, self.product3)
        order = self._online_order(
            [(self.product, 1), (self.product2, 1), (self.product3, 1)]
        )
        order.action_confirm()
        self.assertEqual(
            self._line_stores(order),
            {
                self.product: self.store_a,
                self.product2: self.store_b,
                self.product3: self.store_w,
            },
        )
        deliveries = self._deliveries(order)
        self.assertEqual(
            deliveries.store_id, self.store_a | self.store_b | self.store_w
        )
        self.assertEqual(len(deliveries), 3)
        self.assertTrue(all(p.state == "assigned" for p in deliveries))
        self.assertIn("split", order.routing_note)

    def test_bulk_order_leaves_in_one_shipment(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "multistore_omnichannel.bulk_order_units", 10
        )
        self._set_stock(self.store_a, 8)
        self._set_stock(self.store_a, 1, self.product2)
        self._set_stock(self.store_b, 6, self.product2)
        order = self._online_order([(self.product, 8), (self.product2, 4)])
        order.action_confirm()
        # Store A holds 9 of the 12 units: it ships everything, B sends it 3.
        self.assertEqual(
            self._line_stores(order),
            {self.product: self.store_a, self.product2: self.store_a},
        )
        self.assertTrue(order.multistore_consolidated)
        self.assertIn("one shipment", order.routing_note)
        delivery = self._deliveries(order)
        self.assertEqual(delivery.store_id, self.store_a)
        transfer = order.multistore_transfer_ids
        self.assertEqual(transfer.source_store_id, self.store_b)
        self.assertEqual(transfer.dest_store_id, self.store_a)
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(transfer.line_ids.qty_requested, 3)

    def test_bulk_setting_off_or_small_order_splits(self):
        self._set_stock(self.store_a, 10)
        self._set_stock(self.store_b, 6, self.product2)
        order = self._online_order([(self.product, 8), (self.product2, 4)])
        order.action_confirm()
        self.assertEqual(len(self._deliveries(order)), 2)
        self.assertFalse(order.multistore_consolidated)
        self.assertFalse(order.multistore_transfer_ids)
        self.env["ir.config_parameter"].sudo().set_param(
            "multistore_omnichannel.bulk_order_units", 20
        )
        small = self._online_order([(self.product, 2), (self.product2, 2)])
        small.action_confirm()
        self.assertFalse(small.multistore_consolidated)
        self.assertEqual(len(self._deliveries(small)), 2)

    def test_bulk_setting_below_zero_is_refused(self):
        settings = self.env["res.config.settings"].create({})
        with self.assertRaises(ValidationError):
            settings.multistore_bulk_order_units = -1
            settings.flush_recordset()

    def test_store_at_capacity_yields_to_another(self):
        self.store_a.fulfilment_capacity = 1
        self._set_stock(self.store_a, 10)
        self._set_stock(self.store_c, 10)
        first = self._online_order([(self.product, 1)])
        first.action_confirm()
        second = self._online_order([(self.product, 1)])
        second.action_confirm()
        self.assertEqual(self._deliveries(first).store_id, self.store_a)
        self.assertEqual(self._deliveries(second).store_id, self.store_c)
        self.assertEqual(self.store_a.online_queue_count, 1)
        self.assertEqual(self.store_c.online_queue_count, 1)

    def test_priority_among_stores_of_the_region(self):
        self._set_stock(self.store_a, 10)
        self._set_stock(self.store_c, 10)
        self.store_c.fulfilment_priority = 1
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        self.assertEqual(self._deliveries(order).store_id, self.store_c)

    def test_store_not_shipping_online_orders_is_skipped(self):
        self._set_stock(self.store_a, 10)
        self._set_stock(self.store_b, 10)
        self.store_a.fulfils_online_orders = False
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        self.assertEqual(self._deliveries(order).store_id, self.store_b)

    def test_more_than_the_chain_has_is_refused_and_nothing_written(self):
        self._set_stock(self.store_a, 2)
        self._set_stock(self.store_b, 3)
        order = self._online_order([(self.product, 6)])
        with self.assertRaisesRegex(UserError, "the chain has 5.* at most 3"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        self.assertFalse(order.order_line.fulfil_store_id)
        self.assertFalse(order.fulfilment_state)

    def test_reserved_stock_is_not_routed_twice(self):
        self._set_stock(self.store_a, 1)
        self._set_stock(self.store_b, 1)
        first = self._online_order([(self.product, 1)])
        first.action_confirm()
        second = self._online_order([(self.product, 1)])
        second.action_confirm()
        self.assertEqual(self._deliveries(first).store_id, self.store_a)
        self.assertEqual(self._deliveries(second).store_id, self.store_b)
        third = self._online_order([(self.product, 1)])
        with self.assertRaises(UserError):
            third.action_confirm()

    def test_store_quotation_is_not_routed(self):
        self._set_stock(self.store_b, 5)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "store_id": self.store_a.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        self.assertFalse(order.multistore_online_order)
        self.assertFalse(order.order_line.fulfil_store_id)
        self.assertEqual(self._deliveries(order).store_id, self.store_a)

    def test_shipped_with_tracking_reference(self):
        self._set_stock(self.store_a, 5)
        order = self._online_order([(self.product, 2)], user=self.staff_o)
        order.with_user(self.staff_o).action_confirm()
        delivery = self._deliveries(order).with_user(self.staff_a)
        delivery.move_ids.quantity = 2
        with self.assertRaisesRegex(UserError, "tracking reference"):
            delivery.button_validate()
        self.assertEqual(delivery.state, "assigned")
        delivery.carrier_tracking_ref = "SF1234567890"
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.fulfilment_state, "shipped")

    def test_routing_results_are_not_writable(self):
        self._set_stock(self.store_a, 5)
        order = self._online_order([(self.product, 1)], user=self.staff_o)
        order.with_user(self.staff_o).action_confirm()
        for vals in (
            {"fulfilment_state": "shipped"},
            {"pickup_code": "12345678"},
            {"routing_note": "mine"},
        ):
            with self.assertRaises(UserError):
                order.with_user(self.staff_o).write(vals)
        with self.assertRaises(UserError):
            order.order_line.with_user(self.staff_o).write(
                {"fulfil_store_id": self.store_b.id}
            )
        self.assertEqual(order.order_line.fulfil_store_id, self.store_a)

    def test_routing_rules_are_the_chain_managers(self):
        for vals in (
            {"fulfilment_priority": 1},
            {"fulfilment_capacity": 3},
            {"fulfils_online_orders": False},
            {"pickup_enabled": True},
            {"served_state_ids": [(6, 0, self.beijing.ids)]},
        ):
            with self.assertRaises(AccessError):
                self.store_a.with_user(self.manager_a).write(vals)
        self.store_a.with_user(self.chain_manager).write({"fulfilment_priority": 1})
        self.assertEqual(self.store_a.fulfilment_priority, 1)
        with self.assertRaises(UserError):
            self.store_a.with_user(self.chain_manager).write(
                {"fulfilment_capacity": -1}
            )

    def test_online_staff_quote_from_any_warehouse_routing_decides(self):
        self._set_stock(self.store_b, 5)
        order = (
            self.env["sale.order"]
            .with_user(self.staff_o)
            .create(
                {
                    "partner_id": self.customer.id,
                    "store_id": self.store_o.id,
                    "warehouse_id": self.warehouse_w.id,
                    "order_line": [(0, 0, {"product_id": self.product.id})],
                }
            )
        )
        order.with_user(self.staff_o).action_confirm()
        self.assertEqual(order.warehouse_id, self.warehouse_b)
        self.assertEqual(self._deliveries(order).store_id, self.store_b)
        # A store's own quotation is still held to the user's stores.
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.staff_a).create(
                {
                    "partner_id": self.customer.id,
                    "store_id": self.store_a.id,
                    "warehouse_id": self.warehouse_b.id,
                }
            )
