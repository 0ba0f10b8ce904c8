from odoo.tests import tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestStockMatrix(MultistoreInventoryCommon):
    def test_quantities_per_store_visible_to_all_staff(self):
        self._set_stock(self.store_a, 4.0)
        self._set_stock(self.store_b, 9.0)
        Matrix = self.env["multistore.stock.matrix"].with_user(self.staff_a)
        rows = Matrix.search([("product_id", "=", self.product.id)])
        by_store = {row.store_id: row.qty_on_hand for row in rows}
        self.assertEqual(by_store, {self.store_a: 4.0, self.store_b: 9.0})
        groups = Matrix.read_group(
            [("product_id", "=", self.product.id)], ["qty_on_hand:sum"], []
        )
        self.assertEqual(groups[0]["qty_on_hand"], 13.0)

    def test_other_stores_stock_for_the_till(self):
        self._set_stock(self.store_a, 4.0)
        self._set_stock(self.store_b, 9.0)
        self.store_b.partner_id = self.env["res.partner"].create(
            {"name": "Store B address", "city": "Beijing", "phone": "+86 10 1234"}
        )
        config = self._create_pos_config(self.store_a)
        result = (
            self.env["product.product"]
            .with_user(self.staff_a)
            .multistore_other_stores_stock(self.product.id, config.id)
        )
        self.assertEqual(len(result), 1)
        self.assertEqual(result[0]["store"], self.store_b.display_name)
        self.assertEqual(result[0]["qty"], 9.0)
        self.assertEqual(result[0]["phone"], "+86 10 1234")
        self.assertIn("Beijing", result[0]["address"])
