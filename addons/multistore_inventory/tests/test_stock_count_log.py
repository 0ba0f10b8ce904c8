from odoo.tests import tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestStockCountLog(MultistoreInventoryCommon):
    """A stock count and the adjustment it posts are in the operation log,
    filed under the counting store (data/auditlog_rule_data.xml)."""

    def test_count_and_its_adjustment_are_logged_with_the_store(self):
        self._set_stock(self.store_a, 10.0)
        Count = self.env["multistore.stock.count"].with_user(self.staff_a)
        count = Count.create({"store_id": self.store_a.id})
        count.action_start()
        count.line_ids.write({"qty_counted": 9})
        count.action_validate()
        self.assertEqual(count.state, "done")
        Log = self.env["auditlog.log"]
        count_logs = Log.search(
            [("model_model", "=", count._name), ("res_id", "=", count.id)]
        )
        self.assertIn("create", count_logs.mapped("method"))
        self.assertEqual(count_logs.store_id, self.store_a)
        self.assertEqual(count_logs.user_id, self.staff_a)
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.product.id),
                ("location_id", "=", self.warehouse_a.lot_stock_id.id),
            ]
        )
        quant_logs = Log.search(
            [("model_model", "=", "stock.quant"), ("res_id", "in", quant.ids)]
        )
        self.assertTrue(quant_logs, "the posted adjustment is not in the log")
        self.assertEqual(quant_logs.store_id, self.store_a)
