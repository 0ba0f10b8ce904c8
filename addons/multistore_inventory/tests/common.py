from odoo.addons.multistore_base.tests.common import MultistoreCommon


class MultistoreInventoryCommon(MultistoreCommon):
    """Stores A and B (and C for third-party checks) with stock of a product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_c = cls._create_warehouse("Store C", "MSCW")
        cls.store_c = cls.Store.create(
            {"name": "Store C", "code": "C", "warehouse_id": cls.warehouse_c.id}
        )
        cls.staff_b = cls._create_user("ms_staff_b", "group_store_user", cls.store_b)
        cls.manager_b = cls._create_user(
            "ms_manager_b", "group_store_manager", cls.store_b
        )
        cls.staff_c = cls._create_user("ms_staff_c", "group_store_user", cls.store_c)
        cls.transit = cls.env.company.internal_transit_location_id
        cls.Transfer = cls.env["multistore.transfer"]

    @classmethod
    def _set_stock(cls, store, qty, product=None):
        cls.env["stock.quant"]._update_available_quantity(
            product or cls.product, store.warehouse_id.lot_stock_id, qty
        )

    def _qty(self, location, product=None):
        return sum(
            self.env["stock.quant"]
            .search(
                [
                    ("product_id", "=", (product or self.product).id),
                    ("location_id", "=", location.id),
                ]
            )
            .mapped("quantity")
        )
