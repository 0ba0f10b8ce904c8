from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistorePosCommon


@tagged("post_install", "-at_install")
class TestTillDelivery(MultistorePosCommon):
    """The delivery of a till order is made as superuser (no store rule run
    on each write of its moves) and checked as the cashier afterwards."""

    def _deliveries(self, order_uuid):
        return self.env["stock.move"].search(
            [("picking_id.pos_order_id.uuid", "=", order_uuid)]
        )

    def test_delivery_from_the_store_made_by_the_cashier(self):
        vals = self._pos_order_vals(
            self.session_a, [self._pos_line(qty=2.0)], partner=self.customer
        )
        order = self._sync_pos_order(vals, user=self.staff_a)
        picking = order.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.store_id, self.store_a)
        self.assertEqual(picking.create_uid, self.staff_a)
        moves = self._deliveries(vals["uuid"])
        self.assertEqual(moves.product_id, self.product)
        self.assertEqual(sum(moves.mapped("quantity")), 2.0)
        self.assertEqual(moves.location_id.warehouse_id, self.warehouse_a)
        self.assertEqual(moves.location_dest_id.usage, "customer")

    def test_goods_never_sent_into_another_store(self):
        """A customer whose customer location is store B's stock (a partner's
        property anyone who edits customers may set): store A's till cannot
        move its goods into store B with a sale, and nothing is saved."""
        self.customer.with_company(
            self.env.company
        ).property_stock_customer = self.warehouse_b.lot_stock_id
        vals = self._pos_order_vals(
            self.session_a, [self._pos_line()], partner=self.customer
        )
        with (
            self.assertRaisesRegex(AccessError, "Store B"),
            self.env.cr.savepoint(),
        ):
            self._sync_pos_order(vals, user=self.staff_a)
        self.assertFalse(
            self.env["pos.order"].search([("uuid", "=", vals["uuid"])]),
        )
        self.assertFalse(self._deliveries(vals["uuid"]))

    def test_chain_manager_sends_anywhere(self):
        """Users outside store restrictions keep Odoo's behaviour."""
        self.customer.with_company(
            self.env.company
        ).property_stock_customer = self.warehouse_b.lot_stock_id
        vals = self._pos_order_vals(
            self.session_a, [self._pos_line()], partner=self.customer
        )
        order = self._sync_pos_order(vals, user=self.chain_manager)
        self.assertEqual(
            order.picking_ids.move_ids.location_dest_id, self.warehouse_b.lot_stock_id
        )
