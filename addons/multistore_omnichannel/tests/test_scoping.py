from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import OmnichannelCommon


@tagged("post_install", "-at_install")
class TestOmnichannelScoping(OmnichannelCommon):
    """The fulfilment queue of a store is its own: another store's staff
    neither see nor act on it, over RPC as on the screen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a.pickup_enabled = True
        cls._set_stock(cls.store_a, 5)
        cls._set_stock(cls.store_b, 5, cls.product2)
        cls.order = cls._online_order([(cls.product, 1), (cls.product2, 1)])
        cls.order.action_confirm()
        cls.pickup = cls._online_order([(cls.product, 1)], pickup_store=cls.store_a)
        cls.pickup.action_confirm()
        cls.picking_a = cls.order.picking_ids.filtered(
            lambda p: p.store_id == cls.store_a
        )
        cls.picking_b = cls.order.picking_ids.filtered(
            lambda p: p.store_id == cls.store_b
        )
        cls.pickup_picking = cls.pickup.picking_ids

    def _queue(self, user):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_omnichannel.action_online_fulfilment_queue"
        )
        return (
            self.env["stock.picking"]
            .with_user(user)
            .search(safe_eval(action["domain"]))
        )

    def test_each_store_sees_its_own_queue(self):
        self.assertEqual(
            self._queue(self.staff_a), self.picking_a | self.pickup_picking
        )
        self.assertEqual(self._queue(self.staff_b), self.picking_b)
        self.assertFalse(self._queue(self.staff_c))
        self.assertEqual(
            self._queue(self.chain_manager),
            self.picking_a | self.picking_b | self.pickup_picking,
        )

    def test_other_store_cannot_read_or_act(self):
        with self.assertRaises(AccessError):
            self.picking_a.with_user(self.staff_b).read(["name"])
        with self.assertRaises(AccessError):
            self.picking_a.with_user(self.staff_b).write({"carrier_tracking_ref": "X"})
        with self.assertRaises(AccessError):
            self.pickup_picking.with_user(
                self.staff_b
            ).action_multistore_ready_for_pickup()
        with self.assertRaises(AccessError):
            self.picking_a.with_user(self.staff_b).button_validate()
        self.assertEqual(self.pickup.fulfilment_state, "preparing")
        self.assertFalse(self.picking_a.carrier_tracking_ref)

    def test_store_staff_do_not_read_the_online_order_itself(self):
        # The picking is the store's work; the sale stays the online store's.
        with self.assertRaises(AccessError):
            self.order.with_user(self.staff_a).read(["pickup_code"])
        self.assertEqual(
            self.env["sale.order"]
            .with_user(self.staff_o)
            .search([("id", "in", (self.order | self.pickup).ids)]),
            self.order | self.pickup,
        )

    def test_pickup_code_is_not_searchable_from_another_store(self):
        found = (
            self.env["sale.order"]
            .with_user(self.staff_b)
            .search([("pickup_code", "=", self.pickup.pickup_code)])
        )
        self.assertFalse(found)

    def test_optional_products_follow_their_order(self):
        quotation = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "store_id": self.store_a.id}
        )
        option = self.env["sale.order.option"].create(
            {
                "order_id": quotation.id,
                "product_id": self.product2.id,
                "name": "Oolong, if you like it",
                "price_unit": 20.0,
            }
        )
        Option = self.env["sale.order.option"]
        self.assertEqual(Option.with_user(self.staff_a).search([]), option)
        self.assertFalse(Option.with_user(self.staff_b).search([]))
        with self.assertRaises(AccessError):
            option.with_user(self.staff_b).read(["price_unit"])
