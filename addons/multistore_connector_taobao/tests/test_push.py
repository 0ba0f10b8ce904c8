from odoo import Command
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import TaobaoCommon


@tagged("post_install", "-at_install")
class TestPush(TaobaoCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product, cls.warehouse_a.lot_stock_id, 7)
        Quant._update_available_quantity(cls.product, cls.warehouse_b.lot_stock_id, 5)
        Quant._update_available_quantity(
            cls.product_2, cls.warehouse_a.lot_stock_id, 2.5
        )
        cls.shop.product_ids = [
            Command.create({"product_id": cls.product.id, "num_iid": "520001"}),
            Command.create(
                {
                    "product_id": cls.product_2.id,
                    "outer_id": "TM-OOLONG",
                    "num_iid": "520002",
                    "sku_id": "3100",
                }
            ),
        ]

    def _pushed(self):
        return {(p["num_iid"], p["sku_id"]): p["quantity"] for p in self.fake.stock}

    def test_stock_push_of_the_stock_stores(self):
        self.shop.with_user(self.chain_manager).action_push_stock()
        self.assertEqual(self._pushed(), {("520001", None): 7, ("520002", "3100"): 2})
        self.assertEqual({p["type"] for p in self.fake.stock}, {"1"})
        mapping = self.shop.product_ids.filtered(lambda m: m.num_iid == "520001")
        self.assertEqual(mapping.last_pushed_qty, 7)
        # The shop sells the stock of stores A and B (both the integration's).
        self.tmall_integration.store_ids |= self.store_b
        self.shop.stock_store_ids = self.store_a | self.store_b
        self.fake.stock.clear()
        self.shop._push_stock()
        self.assertEqual(self._pushed()["520001", None], 12)

    def test_reserved_stock_is_not_available(self):
        order = self._create_sale_order(self.store_a)
        order.order_line.product_uom_qty = 3
        order.action_confirm()
        order.picking_ids.action_assign()
        self.assertEqual(order.picking_ids.move_ids.quantity, 3)
        self.shop._push_stock()
        self.assertEqual(self._pushed()["520001", None], 4)

    def test_failed_push_stays_to_push(self):
        self.fake.fail_next["taobao.item.quantity.update"] = "isp"
        self.shop._push_stock()
        failed = self.shop.product_ids.filtered("push_error")
        self.assertEqual(len(failed), 1)
        self.assertTrue(failed.stock_dirty)
        self.assertIn("isp.top-remote", failed.push_error)

    def test_stock_moves_queue_one_push(self):
        self.shop.auto_sync = True
        supplier = self.env.ref("stock.stock_location_suppliers")
        with trap_jobs() as trap:
            moves = self.env["stock.move"].create(
                [
                    {
                        "name": "in",
                        "product_id": product.id,
                        "product_uom_qty": 4,
                        "product_uom": product.uom_id.id,
                        "location_id": supplier.id,
                        "location_dest_id": self.warehouse_a.lot_stock_id.id,
                    }
                    for product in (self.product, self.product_2)
                ]
            )
            moves._action_confirm()
            for move in moves:
                move.quantity = 4
                move.picked = True
            moves._action_done()
            # A move in store B (not a stock store of the shop) queues nothing.
            move_b = self.env["stock.move"].create(
                {
                    "name": "in B",
                    "product_id": self.product.id,
                    "product_uom_qty": 1,
                    "product_uom": self.product.uom_id.id,
                    "location_id": supplier.id,
                    "location_dest_id": self.warehouse_b.lot_stock_id.id,
                }
            )
            move_b._action_confirm()
            move_b.quantity = 1
            move_b.picked = True
            move_b._action_done()
            trap.assert_jobs_count(1)
            self.assertEqual(self.shop.product_ids.mapped("stock_dirty"), [True, True])
            trap.perform_enqueued_jobs()
        self.assertEqual(self._pushed(), {("520001", None): 11, ("520002", "3100"): 6})
        self.assertFalse(any(self.shop.product_ids.mapped("stock_dirty")))

    def _imported_order(self, tid):
        self.fake.add_trade(tid, [("TEA-T1", 1, "10.00")])
        self.pull()
        return self.orders().filtered(lambda o: o.api_external_id == str(tid))

    def test_shipment_pushed_once(self):
        order = self._imported_order(7001)
        with trap_jobs() as trap:
            order._api_update_shipment(carrier="SF Express", tracking_ref="SF1001")
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
            # Delivered later: the deliveries are validated, nothing resent.
            order._api_update_shipment(delivered=True)
            order._taobao_queue_shipment()
            trap.assert_jobs_count(0)
        self.assertEqual(
            self.fake.shipments,
            [{"tid": "7001", "out_sid": "SF1001", "company_code": "SF"}],
        )
        shipment = self.Shipment.search([("order_id", "=", order.id)])
        self.assertEqual(shipment.state, "done")
        self.assertEqual(shipment.store_id, self.store_a)
        self.assertTrue(shipment.sent_date)
        # Sending again (a job run twice) calls nothing.
        shipment._send()
        self.assertEqual(len(self.fake.shipments), 1)

    def test_delivery_validated_with_a_tracking_ref(self):
        self.shop.default_company_code = "YTO"
        order = self._imported_order(7002)
        picking = order.picking_ids
        picking.carrier_tracking_ref = "YT778899"
        with trap_jobs() as trap:
            picking.action_assign()
            picking.move_ids.quantity = 1
            picking.move_ids.picked = True
            picking.button_validate()
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(
            self.fake.shipments,
            [{"tid": "7002", "out_sid": "YT778899", "company_code": "YTO"}],
        )

    def test_shipment_temporary_failure_is_retried(self):
        order = self._imported_order(7003)
        self.fake.fail_next["taobao.logistics.offline.send"] = "http"
        with trap_jobs() as trap:
            order._api_update_shipment(carrier="中通快递", tracking_ref="ZT1")
            trap.perform_enqueued_jobs()
            shipment = self.Shipment.search([("order_id", "=", order.id)])
            self.assertEqual(shipment.state, "pending")
            self.assertEqual(shipment.attempts, 1)
            self.assertIn("HTTP 500", shipment.last_error)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(shipment.state, "done")
        self.assertEqual(self.fake.shipments[0]["company_code"], "ZTO")

    def test_business_error_waits_for_send_again(self):
        order = self._imported_order(7004)
        self.fake.shipped.add("7004")  # shipped on Taobao by hand meanwhile
        with trap_jobs() as trap:
            order._api_update_shipment(tracking_ref="SF2")
            trap.perform_enqueued_jobs()
            shipment = self.Shipment.search([("order_id", "=", order.id)])
            self.assertEqual(shipment.state, "failed")
            self.assertIn("isv.logistics", shipment.last_error)
            trap.assert_jobs_count(0)
            self.fake.shipped.clear()
            shipment.with_user(self.chain_manager).action_retry()
            trap.perform_enqueued_jobs()
        self.assertEqual(shipment.state, "done")
