from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestReturnsAnywhere(MultistoreLoyaltyCommon):
    """Store B's till refunds an order of store A into B's stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._sell_as(cls.session_a, 10, cls.cashier_a)
        cls.other_order_a = cls._sell_as(cls.session_a, 1, cls.cashier_a)

    @classmethod
    def _sell_as(cls, session, qty, user):
        order_vals = cls._pos_order_vals(session, [cls._pos_line(qty=qty)], cls.member)
        result = cls.env["pos.order"].with_user(user).sync_from_ui([order_vals])
        order = cls.env["pos.order"].browse(result["pos.order"][0]["id"])
        order.with_user(user).confirm_coupon_programs(
            {
                cls.card.id: {
                    "points": qty * 10.0,
                    "program_id": cls.program.id,
                    "coupon_id": cls.card.id,
                    "partner_id": cls.member.id,
                }
            }
        )
        return order

    def _find(self, user=None, config=None, **kwargs):
        PosOrder = self.env["pos.order"].with_user(user or self.cashier_b)
        return PosOrder.multistore_find_order_for_refund(
            (config or self.config_b).id, **kwargs
        )

    def _proof(self, order):
        """What the customer's receipt shows: reference, date and total."""
        return {
            "reference": order.pos_reference,
            "order_date": fields.Date.to_string(order.date_order.date()),
            "amount_total": str(order.amount_total),
        }

    def _stock(self, warehouse):
        return self.env["stock.quant"]._get_available_quantity(
            self.product, warehouse.lot_stock_id, allow_negative=True
        )

    def test_cashier_b_cannot_read_store_a_orders(self):
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.cashier_b).read(["name"])
        found = (
            self.env["pos.order"]
            .with_user(self.cashier_b)
            .search([("partner_id", "=", self.member.id)])
        )
        self.assertFalse(found)

    def test_find_by_receipt_number_returns_that_order_only(self):
        data = self._find(**self._proof(self.order_a))
        self.assertEqual([o["id"] for o in data["pos.order"]], self.order_a.ids)
        self.assertEqual(
            {line["id"] for line in data["pos.order.line"]}, set(self.order_a.lines.ids)
        )
        self.assertEqual(data["pos.order"][0]["multistore_store_name"], "[A] Store A")
        self.assertNotIn("pos.payment", data)
        # Unknown or partial references find nothing.
        self.assertEqual(self._find(reference="Order 0")["pos.order"], [])
        # Still nothing readable otherwise.
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.cashier_b).read(["name"])

    def test_find_by_member_lists_summaries(self):
        """A member's orders of the cashier's own stores only: listing another
        store's orders would hand out their receipt numbers."""
        self.assertEqual(self._find(partner_id=self.member.id)["orders"], [])
        data = self._find(
            user=self.cashier_a, config=self.config_a, partner_id=self.member.id
        )
        self.assertEqual(
            {o["id"] for o in data["orders"]},
            set((self.order_a | self.other_order_a).ids),
        )
        self.assertNotIn("pos.order.line", data)
        self.assertEqual(
            set(data["orders"][0]),
            {"id", "pos_reference", "date_order", "store", "amount_total", "partner"},
        )

    def test_find_needs_own_till(self):
        with self.assertRaises(AccessError):
            self.env["pos.order"].with_user(
                self.cashier_b
            ).multistore_find_order_for_refund(
                self.config_a.id, **self._proof(self.order_a)
            )

    def test_refund_in_store_b_restocks_b_and_reverses_points(self):
        self.assertEqual(self.card.points, 110)
        stock_a, stock_b = self._stock(self.warehouse_a), self._stock(self.warehouse_b)
        data = self._find(**self._proof(self.order_a))
        line = data["pos.order.line"][0]
        refund = self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [
                    self._pos_line(
                        qty=-4,
                        price_unit=line["price_unit"],
                        refunded_orderline_id=line["id"],
                    )
                ],
                self.member,
            ),
            user=self.cashier_b,
        )
        self.assertEqual(refund.session_id, self.session_b)
        self.assertEqual(refund.store_id, self.store_b)
        self.assertEqual(refund.state, "paid")
        self.assertEqual(self._stock(self.warehouse_b), stock_b + 4)
        self.assertEqual(self._stock(self.warehouse_a), stock_a)
        self.assertEqual(self.card.points, 70)
        history = self._history(refund)
        self.assertEqual((history.store_id, history.used), (self.store_b, 40.0))
        self.assertEqual(self.order_a.lines.refunded_qty, 4)
        # The till refreshes the refunded order: the remaining quantity.
        data = self._find(**self._proof(self.order_a))
        self.assertEqual(data["pos.order.line"][0]["refunded_qty"], 4)
        # And still cannot refund more than what is left.
        order_vals = self._pos_order_vals(
            self.session_b,
            [self._pos_line(qty=-7, price_unit=10.0, refunded_orderline_id=line["id"])],
            self.member,
        )
        with (
            self.assertRaisesRegex(ValidationError, "Refund at most 6.0"),
            self.env.cr.savepoint(),
        ):
            self._sync_pos_order(order_vals, user=self.cashier_b)

    def test_refund_of_other_company_or_unpaid_order_not_found(self):
        self.order_a.sudo().state = "cancel"
        self.assertEqual(self._find(**self._proof(self.order_a))["pos.order"], [])

    def test_find_requires_a_search(self):
        with self.assertRaises(UserError):
            self._find()
