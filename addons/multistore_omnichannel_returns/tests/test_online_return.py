from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosCommon

from .common import OnlineReturnMixin


@tagged("post_install", "-at_install")
class TestOnlineReturn(OnlineReturnMixin, MultistorePosCommon):
    """A delivered online order (shipped by store A) returned at store B's
    till, as the till sends it (``pos.order.sync_from_ui``): the server
    enforces the look-up, the policy and the quantities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_online = cls._create_online_store()
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse_a.lot_stock_id, 10.0
        )
        cls.order = cls._online_order(cls.store_online, cls.product, cls.customer)
        cls.staff_b = cls._create_user("ms_staff_b", "group_store_user", cls.store_b)
        cls.manager_b = cls._create_user(
            "ms_manager_b", "group_store_manager", cls.store_b
        )

    def _look_up(self, user=None, order=None, partner=None):
        self.env.invalidate_all()
        return (
            self.env["sale.order"]
            .with_user(user or self.staff_b)
            .multistore_find_online_order_for_return(
                self.config_b.id,
                (order or self.order).name,
                (partner or self.customer).id,
            )
        )

    def _return(self, qty, user=None, order=None, price_unit=None):
        order = order or self.order
        line = order.order_line
        vals = self._pos_order_vals(
            self.session_b,
            [
                self._pos_line(
                    qty=-qty,
                    price_unit=line.price_unit if price_unit is None else price_unit,
                    sale_order_origin_id=order.id,
                    sale_order_line_id=line.id,
                )
            ],
            partner=self.customer,
            state="paid",
        )
        return self._sync_pos_order(vals, user=user or self.staff_b)

    def _assert_nothing_written(self, order=None):
        order = order or self.order
        self.assertFalse(
            self.env["pos.order"].search(
                [("lines.sale_order_line_id", "in", order.order_line.ids)]
            )
        )
        self.assertEqual(order.order_line.qty_delivered, 2.0)

    def _readable_by(self, user, order=None):
        self.env.invalidate_all()
        try:
            (order or self.order).with_user(user).check_access("read")
        except AccessError:
            return False
        return True

    def test_fixture_shipped_from_store_a_and_delivered(self):
        self.assertEqual(self.order.fulfilment_state, "delivered")
        self.assertEqual(
            self.order.picking_ids.picking_type_id.warehouse_id, self.warehouse_a
        )
        self.assertEqual(self.order.order_line.qty_delivered, 2.0)
        self.assertEqual(self._stock(self.warehouse_a, self.product), 8.0)

    def test_return_at_store_b_restocks_store_b(self):
        stock_a = self._stock(self.warehouse_a, self.product)
        stock_b = self._stock(self.warehouse_b, self.product)
        self.assertFalse(self._readable_by(self.staff_b))
        self.assertEqual(self._look_up(), self.order.id)
        self.assertTrue(self._readable_by(self.staff_b))
        pos_order = self._return(1.0)
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(pos_order.store_id, self.store_b)
        self.assertAlmostEqual(pos_order.amount_total, -10.0)
        self.assertAlmostEqual(sum(pos_order.payment_ids.mapped("amount")), -10.0)
        self.env.invalidate_all()
        self.assertEqual(self._stock(self.warehouse_b, self.product), stock_b + 1)
        self.assertEqual(self._stock(self.warehouse_a, self.product), stock_a)
        self.assertEqual(
            pos_order.picking_ids.location_dest_id.warehouse_id, self.warehouse_b
        )
        self.assertEqual(self.order.order_line.qty_delivered, 1.0)
        message = self.order.message_ids[0]
        self.assertIn("Returned at Store B", message.body)
        self.assertIn(pos_order.name, message.body)
        # The look-up opened the order for the return only.
        self.assertFalse(self._readable_by(self.staff_b))
        # What is left may come back later; not more.
        self._look_up()
        with self.assertRaises(ValidationError) as caught:
            self._return(2.0)
        self.assertIn("Return at most 1", str(caught.exception))
        self.assertEqual(self.order.order_line.qty_delivered, 1.0)
        self._return(1.0)
        self.assertEqual(self.order.order_line.qty_delivered, 0.0)

    def test_more_than_delivered_is_refused(self):
        self._look_up()
        with self.assertRaises(ValidationError) as caught:
            self._return(3.0)
        self.assertIn("Return at most 2", str(caught.exception))
        self._assert_nothing_written()

    def test_outside_the_window_is_refused(self):
        self.order.sudo().delivered_date = fields.Datetime.now() - timedelta(days=10)
        self._look_up()
        with self.assertRaises(ValidationError) as caught:
            self._return(1.0)
        self.assertIn("return window is over", str(caught.exception))
        self._assert_nothing_written()

    def test_window_runs_from_the_delivery(self):
        # Sold long ago, delivered today: still returnable.
        self.order.sudo().date_order = fields.Datetime.now() - timedelta(days=30)
        self._look_up()
        self.assertEqual(self._return(1.0).state, "paid")

    def test_above_approval_amount_needs_a_store_manager(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "multistore_returns.approval_amount", "5"
        )
        self._look_up()
        with self.assertRaises(ValidationError) as caught:
            self._return(1.0)
        self.assertIn("made by a store manager", str(caught.exception))
        self._assert_nothing_written()
        self._look_up(user=self.manager_b)
        self.assertEqual(self._return(1.0, user=self.manager_b).state, "paid")

    def test_not_delivered_is_refused(self):
        shipped = self._online_order(
            self.store_online, self.product, self.customer, deliver=False
        )
        self.assertEqual(shipped.fulfilment_state, "shipped")
        with self.assertRaises(UserError) as caught:
            self._look_up(order=shipped)
        self.assertIn("not delivered yet", str(caught.exception))
        self.assertFalse(self._readable_by(self.staff_b, shipped))
        # A till that skips the look-up (the order opened another way).
        shipped.sudo().multistore_return_user_ids = [Command.link(self.staff_b.id)]
        with self.assertRaises(UserError) as caught:
            self._return(1.0, order=shipped)
        self.assertIn("not delivered yet", str(caught.exception))
        self._assert_nothing_written(shipped)

    def test_another_customer_or_number_finds_nothing(self):
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaises(UserError) as caught:
            self._look_up(partner=stranger)
        self.assertIn("No online order", str(caught.exception))
        self.assertFalse(self._readable_by(self.staff_b))
        # Without the look-up the till cannot return it (store rules).
        with self.assertRaises(UserError):
            self._return(1.0)
        self._assert_nothing_written()

    def test_a_wildcard_is_no_order_number(self):
        # The right customer, but "%" or "S%" instead of the number.
        for reference in ("%", self.order.name[:1] + "%", "_" * len(self.order.name)):
            with self.assertRaises(UserError) as caught:
                self.env["sale.order"].with_user(
                    self.staff_b
                ).multistore_find_online_order_for_return(
                    self.config_b.id, reference, self.customer.id
                )
            self.assertIn("No online order", str(caught.exception))
        self.assertFalse(self._readable_by(self.staff_b))
        # The number itself, in lower case, is found.
        self.assertEqual(
            self.env["sale.order"]
            .with_user(self.staff_b)
            .multistore_find_online_order_for_return(
                self.config_b.id, self.order.name.lower(), self.customer.id
            ),
            self.order.id,
        )

    def test_refund_at_the_price_paid(self):
        self._look_up()
        with self.assertRaises(ValidationError) as caught:
            self._return(1.0, price_unit=25.0)
        self.assertIn("refund it at that price", str(caught.exception))
        self._assert_nothing_written()

    def test_points_earned_online_are_taken_back(self):
        program = self._create_points_program()
        member = self.env["res.partner"].create({"name": "Mei Member"})
        order = self._online_order(self.store_online, self.product, member)
        card = self._card(program, member)
        self.assertEqual(card.points, 20.0)
        self._look_up(order=order, partner=member)
        pos_order = self._return(1.0, order=order)
        self.assertEqual(card.points, 10.0)
        history = card.history_ids.filtered(lambda h: h.order_id == pos_order.id)
        self.assertEqual(history.order_model, "pos.order")
        self.assertEqual((history.store_id, history.used), (self.store_b, 10.0))
        # The rest comes back later: what is left of the earned points.
        self._look_up(order=order, partner=member)
        self._return(1.0, order=order)
        self.assertEqual(card.points, 0.0)

    def test_look_up_stays_read_only(self):
        self._look_up()
        with self.assertRaises(AccessError):
            self.order.with_user(self.staff_b).write({"client_order_ref": "mine"})
