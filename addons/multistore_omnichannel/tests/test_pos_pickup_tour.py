from odoo import Command
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon


@tagged("post_install", "-at_install")
class TestPosPickupTour(MultistorePosTourCommon):
    """Store A's cashier hands over a click & collect order at the till."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a.pickup_enabled = True
        cls.store_online = cls.env["multistore.store"].create(
            {
                "name": "Online Shop",
                "code": "MS-O",
                "store_type": "online",
                "fulfils_online_orders": False,
            }
        )
        cls.tea = cls.env["product.product"].create(
            {
                "name": "Pickup Tea",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 6.0,
                "taxes_id": False,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.tea, cls.store_a.warehouse_id.lot_stock_id, 10.0
        )
        cls.env.company.email = "shop@example.com"
        cls.ready = cls._pickup_order("Pickup Ready")
        cls.ready.picking_ids.action_multistore_ready_for_pickup()
        cls.ready.sudo().pickup_code = "24681357"
        cls.waiting = cls._pickup_order("Pickup Not Ready")

    @classmethod
    def _pickup_order(cls, customer):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.env["res.partner"].create({"name": customer}).id,
                "store_id": cls.store_online.id,
                "pickup_store_id": cls.store_a.id,
                "order_line": [
                    Command.create({"product_id": cls.tea.id, "product_uom_qty": 2})
                ],
            }
        )
        order.action_confirm()
        return order

    def test_collect_at_the_till(self):
        self.assertEqual(self.ready.fulfilment_state, "ready")
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour(
            "multistore_omnichannel_pickup_at_till", login=self.cashier_a.login
        )
        self.assertEqual(self.ready.fulfilment_state, "collected")
        self.assertEqual(self.waiting.fulfilment_state, "preparing")
        pos_order = self.env["pos.order"].search(
            [("lines.sale_order_origin_id", "=", self.ready.id)]
        )
        self.assertEqual(pos_order.store_id, self.store_a)
        self.assertEqual(pos_order.state, "paid")
        # The till delivered the goods: the order's own delivery is cancelled,
        # the till's is done, from store A.
        self.assertEqual(self.ready.picking_ids.mapped("state"), ["cancel"])
        self.assertEqual(pos_order.picking_ids.state, "done")
        self.assertEqual(
            pos_order.picking_ids.picking_type_id.warehouse_id,
            self.store_a.warehouse_id,
        )
