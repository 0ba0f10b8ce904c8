from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosCommon


@tagged("post_install", "-at_install")
class TestTillPickup(MultistorePosCommon):
    """A click & collect order settled at a till (pos_sale), as the till sends
    it: only at the pickup store, only once ready."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "shop@example.com"
        cls.store_a.pickup_enabled = True
        cls.store_online = cls.Store.create(
            {
                "name": "Online Shop",
                "code": "O",
                "store_type": "online",
                "fulfils_online_orders": False,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse_a.lot_stock_id, 10.0
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "store_id": cls.store_online.id,
                "pickup_store_id": cls.store_a.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 2})
                ],
            }
        )
        cls.order.action_confirm()
        cls.staff_b = cls._create_user("ms_staff_b", "group_store_user", cls.store_b)

    def _settle(self, session, user):
        line = self.order.order_line
        vals = self._pos_order_vals(
            session,
            [
                self._pos_line(
                    qty=2.0,
                    price_unit=line.price_unit,
                    sale_order_origin_id=self.order.id,
                    sale_order_line_id=line.id,
                )
            ],
            partner=self.customer,
            state="paid",
        )
        return self._sync_pos_order(vals, user=user)

    def _ready(self):
        self.order.picking_ids.with_user(
            self.staff_a
        ).action_multistore_ready_for_pickup()

    def test_settled_at_the_pickup_store_once_ready(self):
        self._ready()
        pos_order = self._settle(self.session_a, self.staff_a)
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(self.order.fulfilment_state, "collected")
        self.assertEqual(self.order.picking_ids.state, "cancel")
        self.assertIn(pos_order.name, self.order.message_ids[0].body)

    def test_collected_at_the_till_is_goods_received(self):
        received = []
        original = type(self.order)._multistore_goods_received

        def spy(records):
            received.extend(records.ids)
            return original(records)

        self.patch(type(self.order), "_multistore_goods_received", spy)
        self._ready()
        self._settle(self.session_a, self.staff_a)
        self.assertEqual(received, self.order.ids)

    def test_not_ready_is_refused_and_nothing_saved(self):
        # assertRaises (not ...Regex) rolls the attempt back, as a request.
        with self.assertRaises(UserError) as caught:
            self._settle(self.session_a, self.staff_a)
        self.assertIn("not ready for pickup", str(caught.exception))
        self.assertFalse(
            self.env["pos.order"].search(
                [("lines.sale_order_origin_id", "=", self.order.id)]
            )
        )
        self.assertEqual(self.order.fulfilment_state, "preparing")
        self.assertEqual(self.order.picking_ids.state, "assigned")

    def test_another_store_cannot_hand_it_over(self):
        self._ready()
        # Store B's staff do not see the order (AccessError is a UserError).
        with self.assertRaises(UserError):
            self._settle(self.session_b, self.staff_b)
        self.assertEqual(self.order.fulfilment_state, "ready")
        # Even a user of both stores, at store B's till: refused by store.
        both = self.staff_b
        both.store_ids = [Command.link(self.store_a.id)]
        with self.assertRaises(UserError) as caught:
            self._settle(self.session_b, both)
        self.assertIn("collected at Store A", str(caught.exception))
        self.assertEqual(self.order.fulfilment_state, "ready")

    def test_pickup_store_reads_the_order_but_does_not_change_it(self):
        Order = self.env["sale.order"]
        self.assertEqual(Order.with_user(self.staff_a).search([]), self.order)
        self.assertFalse(Order.with_user(self.staff_b).search([]))
        self.assertTrue(self.order.order_line.with_user(self.staff_a).read(["name"]))
        with self.assertRaises(AccessError):
            self.order.with_user(self.staff_a).write({"client_order_ref": "mine"})
        with self.assertRaises(AccessError):
            self.order.order_line.with_user(self.staff_a).write({"price_unit": 1.0})
