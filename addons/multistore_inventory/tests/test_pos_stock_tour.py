from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


@tagged("post_install", "-at_install")
class TestPosOtherStoresStockTour(TestPointOfSaleHttpCommon):
    """The till's product information shows the stock of the other stores.

    The cashier of store A cannot read store B's documents (warehouse,
    transfers, tills): the popup must still list store B with its quantity,
    phone and address, since these are chain-wide information.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accounting fixture runs as its own test user, made a POS manager
        # by the parent class; setting up the chain needs a chain manager.
        cls.env.user.groups_id += cls.env.ref("multistore_base.group_chain_manager")
        Store = cls.env["multistore.store"]
        # The fixture's till ships from the company's own warehouse: it is
        # store A's, so the cashier's till belongs to store A.
        cls.store_a = Store.create(
            {
                "name": "Store A",
                "code": "MS-A",
                "warehouse_id": cls.main_pos_config.warehouse_id.id,
            }
        )
        warehouse_b = cls.env["stock.warehouse"].create(
            {"name": "Store B Warehouse", "code": "MSB"}
        )
        cls.store_b = Store.create(
            {
                "name": "Store B",
                "code": "MS-B",
                "warehouse_id": warehouse_b.id,
                "partner_id": cls.env["res.partner"]
                .create(
                    {
                        "name": "Store B",
                        "phone": "+1 555 0102",
                        "street": "12 Market Street",
                        "city": "Springfield",
                    }
                )
                .id,
            }
        )
        cls.cashier_a = new_test_user(
            cls.env,
            login="ms_cashier_a",
            groups="multistore_base.group_store_user",
            company_id=cls.env.company.id,
            store_ids=[Command.set(cls.store_a.ids)],
            store_id=cls.store_a.id,
            tz="America/New_York",
        )
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
        Quant._update_available_quantity(cls.stock_tea, warehouse_b.lot_stock_id, 9.0)
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
