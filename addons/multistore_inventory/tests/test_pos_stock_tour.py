from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon


@tagged("post_install", "-at_install")
class TestPosOtherStoresStockTour(MultistorePosTourCommon):
    """The till's product information shows the stock of the other stores.

    The cashier of store A cannot read store B's documents (warehouse,
    transfers, tills): the popup must still list store B with its quantity,
    phone and address, since these are chain-wide information.
    """

    @classmethod
    def _store_b_extra_vals(cls):
        partner = cls.env["res.partner"].create(
            {
                "name": "Store B",
                "phone": "+1 555 0102",
                "street": "12 Market Street",
                "city": "Springfield",
            }
        )
        return {"partner_id": partner.id}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_tea = cls.env["product.product"].create(
            {
                "name": "Stock Tea",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 4.0,
                "taxes_id": False,
            }
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(
            cls.stock_tea, cls.warehouse_b.lot_stock_id, 9.0
        )
        Quant._update_available_quantity(
            cls.stock_tea, cls.main_pos_config.warehouse_id.lot_stock_id, 2.0
        )

    def test_other_stores_stock_in_product_info(self):
        """Store A's cashier sees in the product popup that store B has 9."""
        self.assertEqual(self.main_pos_config.store_id, self.store_a)
        # The cashier really is kept out of store B's documents.
        self.assertFalse(
            self.env["stock.warehouse"]
            .with_user(self.cashier_a)
            .search([("id", "=", self.store_b.warehouse_id.id)])
        )
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour(
            "multistore_inventory_pos_other_stores", login=self.cashier_a.login
        )
