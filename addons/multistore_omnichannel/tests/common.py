from odoo import Command

from odoo.addons.multistore_inventory.tests.common import MultistoreInventoryCommon


class OmnichannelCommon(MultistoreInventoryCommon):
    """Stores A (Shanghai), B (Beijing), C (Shanghai), a central warehouse W,
    the online store O, three products, and a customer in Shanghai."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shanghai = cls.env.ref("base.state_cn_SH")
        cls.beijing = cls.env.ref("base.state_cn_BJ")
        cls.china = cls.env.ref("base.cn")
        for store, state, city in (
            (cls.store_a, cls.shanghai, "Shanghai"),
            (cls.store_b, cls.beijing, "Beijing"),
            (cls.store_c, cls.shanghai, "Shanghai"),
        ):
            store.partner_id = cls.env["res.partner"].create(
                {
                    "name": store.name,
                    "state_id": state.id,
                    "country_id": cls.china.id,
                    "city": city,
                }
            )
        cls.warehouse_w = cls._create_warehouse("Central", "MSW")
        cls.store_w = cls.Store.create(
            {
                "name": "Central Warehouse",
                "code": "W",
                "store_type": "warehouse",
                "warehouse_id": cls.warehouse_w.id,
            }
        )
        cls.store_o = cls.Store.create(
            {
                "name": "Online Shop",
                "code": "O",
                "store_type": "online",
                "fulfils_online_orders": False,
            }
        )
        cls.staff_o = cls._create_user("ms_staff_o", "group_store_user", cls.store_o)
        cls.product2, cls.product3 = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "is_storable": True,
                    "list_price": 20.0,
                    "taxes_id": [Command.clear()],
                }
                for name in ("Oolong Tea", "Tea Cup")
            ]
        )
        # The sender of the mails to customers.
        cls.env.company.email = "shop@example.com"
        cls.customer.write(
            {
                "state_id": cls.shanghai.id,
                "country_id": cls.china.id,
                "city": "Shanghai",
                "email": "customer@example.com",
            }
        )

    @classmethod
    def _online_order(cls, lines, partner=None, pickup_store=None, user=None):
        """A quotation of the online store: lines are (product, qty)."""
        Order = cls.env["sale.order"]
        if user:
            Order = Order.with_user(user)
        vals = {
            "partner_id": (partner or cls.customer).id,
            "store_id": cls.store_o.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
                for product, qty in lines
            ],
        }
        if pickup_store:
            vals["pickup_store_id"] = pickup_store.id
        return Order.create(vals)

    @staticmethod
    def _line_stores(order):
        return {line.product_id: line.fulfil_store_id for line in order.order_line}

    @staticmethod
    def _deliveries(order):
        return order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
