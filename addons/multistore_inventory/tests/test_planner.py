from odoo.tests import tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestPlanner(MultistoreInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.central_wh = cls._create_warehouse("Central", "MSCE")
        cls.central = cls.Store.create(
            {
                "name": "Central",
                "code": "CEN",
                "store_type": "warehouse",
                "warehouse_id": cls.central_wh.id,
            }
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Tea Farm"})
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "price": 4.0,
            }
        )
        cls.Orderpoint = cls.env["stock.warehouse.orderpoint"]
        for store, minimum, maximum in (
            (cls.store_a, 5.0, 10.0),
            (cls.store_b, 2.0, 4.0),
        ):
            cls.Orderpoint.create(
                {
                    "product_id": cls.product.id,
                    "warehouse_id": store.warehouse_id.id,
                    "location_id": store.warehouse_id.lot_stock_id.id,
                    "product_min_qty": minimum,
                    "product_max_qty": maximum,
                    "trigger": "manual",
                }
            )
        cls.Planner = cls.env["multistore.replenishment"]

    def _open_transfers(self):
        return self.Transfer.search(
            [("dest_store_id", "=", self.store_a.id), ("state", "=", "requested")]
        )

    def test_sibling_surplus_first(self):
        self._set_stock(self.store_a, 1.0)
        self._set_stock(self.store_b, 20.0)  # max 4: 16 surplus
        self._set_stock(self.central, 100.0)
        result = self.Planner._run_planner()
        transfer = self._open_transfers()
        self.assertEqual(transfer, result["transfers"])
        self.assertEqual(transfer.source_store_id, self.store_b)
        self.assertEqual(transfer.line_ids.qty_requested, 9.0)  # up to max 10
        self.assertFalse(result["purchases"])

    def test_central_warehouse_before_purchase(self):
        self._set_stock(self.store_a, 1.0)
        self._set_stock(self.store_b, 5.0)  # 1 above max 4
        self._set_stock(self.central, 100.0)
        self.Planner._run_planner()
        transfers = self._open_transfers()
        by_source = {t.source_store_id: t.line_ids.qty_requested for t in transfers}
        self.assertEqual(by_source, {self.store_b: 1.0, self.central: 8.0})

    def test_purchase_last_and_no_duplicates(self):
        self._set_stock(self.store_a, 1.0)
        self._set_stock(self.store_b, 3.0)  # above its minimum, no surplus
        result = self.Planner._run_planner()
        self.assertFalse(result["transfers"])
        order = result["purchases"]
        self.assertEqual(order.partner_id, self.vendor)
        self.assertEqual(order.picking_type_id, self.warehouse_a.in_type_id)
        self.assertEqual(order.order_line.product_qty, 9.0)
        again = self.Planner._run_planner()
        self.assertFalse(again["transfers"])
        self.assertFalse(again["purchases"], "one open request per product and store")

    def test_rerun_with_open_transfer_creates_nothing(self):
        self._set_stock(self.store_a, 1.0)
        self._set_stock(self.store_b, 3.0)
        self._set_stock(self.central, 100.0)
        first = self.Planner._run_planner()
        self.assertEqual(len(first["transfers"]), 1)
        second = self.Planner._run_planner()
        self.assertFalse(second["transfers"])
        self.assertFalse(second["purchases"])
        self.assertEqual(len(self._open_transfers()), 1)

    def test_chain_manager_runs_the_planner_from_the_menu(self):
        """The menu's action: transfers and quotations, for a chain manager."""
        self._set_stock(self.store_a, 1.0)
        self._set_stock(self.store_b, 3.0)
        self.Planner.with_user(self.chain_manager).action_run_planner()
        order = self.env["purchase.order"].search([("partner_id", "=", self.vendor.id)])
        self.assertEqual(order.order_line.product_qty, 9.0)
        self.assertEqual(order.picking_type_id, self.warehouse_a.in_type_id)
