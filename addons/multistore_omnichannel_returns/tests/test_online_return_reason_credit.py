from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosCommon
from odoo.addons.multistore_returns.models.multistore_return_policy import (
    TILL_REASON_PARAM,
)

from .common import OnlineReturnMixin


@tagged("post_install", "-at_install")
class TestOnlineReturnReasonCredit(OnlineReturnMixin, MultistorePosCommon):
    """A delivered online order (shipped by store A, 2 x 10.00) returned at
    store B's till, as the till sends it: the reason of the return, and the
    refund paid back as store credit on the customer's eWallet."""

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
        cls.reason = cls.env["multistore.return.reason"].create(
            {"name": "Wrong size", "code": "T_ONLINE_SIZE"}
        )
        cls.top_up = cls.env["product.product"].create(
            {
                "name": "Store Credit",
                "type": "service",
                "list_price": 50.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )
        cls.wallet = cls.env["loyalty.program"].create(
            {
                "name": "Chain eWallet",
                "program_type": "ewallet",
                "trigger": "auto",
                "applies_on": "future",
                "trigger_product_ids": [Command.set(cls.top_up.ids)],
                "rule_ids": [
                    Command.create(
                        {
                            "reward_point_mode": "money",
                            "reward_point_amount": 1,
                            "product_ids": [Command.set(cls.top_up.ids)],
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.card = cls.env["loyalty.card"].create(
            {"program_id": cls.wallet.id, "partner_id": cls.customer.id}
        )

    def _look_up(self, user=None):
        self.env.invalidate_all()
        self.env["sale.order"].with_user(
            user or self.staff_b
        ).multistore_find_online_order_for_return(
            self.config_b.id, self.order.name, self.customer.id
        )

    def _return_vals(self, qty=1.0, credit=None, reason=None):
        """The till's order returning ``qty`` of the online order; with
        ``credit``, paid back on the eWallet by a top-up line of that
        amount (pos_loyalty's eWallet button), the rest in money."""
        sale_line = self.order.order_line
        lines = [
            self._pos_line(
                qty=-qty,
                price_unit=sale_line.price_unit,
                sale_order_origin_id=self.order.id,
                sale_order_line_id=sale_line.id,
            )
        ]
        if credit is not None:
            lines.append(self._pos_line(self.top_up, price_unit=credit, qty=1.0))
        vals = self._pos_order_vals(
            self.session_b,
            lines,
            partner=self.customer,
            multistore_return_reason_id=reason.id if reason else False,
        )
        if not vals["amount_total"]:
            vals["payment_ids"] = []
        return vals

    def _sync(self, vals, user=None):
        return self._sync_pos_order(vals, user=user or self.staff_b)

    def _confirm(self, pos_order, points):
        """The till confirms the points of the eWallet card (pos_loyalty)."""
        self.env.invalidate_all()
        return pos_order.with_user(self.staff_b).confirm_coupon_programs(
            {
                str(self.card.id): {
                    "points": points,
                    "program_id": self.wallet.id,
                    "coupon_id": self.card.id,
                    "barcode": self.card.code,
                    "partner_id": self.customer.id,
                }
            }
        )

    def _assert_nothing_returned(self):
        self.assertFalse(
            self.env["pos.order"].search(
                [("lines.sale_order_line_id", "in", self.order.order_line.ids)]
            )
        )
        self.assertEqual(self.order.order_line.qty_delivered, 2.0)

    # Reason ---------------------------------------------------------------

    def test_online_return_needs_a_reason_when_required(self):
        self.env["ir.config_parameter"].sudo().set_param(TILL_REASON_PARAM, "True")
        self._look_up()
        with self.assertRaises(UserError) as caught:
            self._sync(self._return_vals())
        self.assertIn("needs a reason", str(caught.exception))
        self._assert_nothing_returned()
        self._look_up()
        pos_order = self._sync(self._return_vals(reason=self.reason))
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(pos_order.multistore_return_reason_id, self.reason)
        self.assertEqual(self.order.order_line.qty_delivered, 1.0)

    # Store credit ---------------------------------------------------------

    def test_return_paid_back_on_the_ewallet(self):
        self.assertEqual(self.card.points, 0.0)
        self._look_up()
        pos_order = self._sync(self._return_vals(credit=10.0, reason=self.reason))
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(pos_order.store_id, self.store_b)
        self.assertAlmostEqual(pos_order.amount_total, 0.0)
        self.assertFalse(pos_order.payment_ids)
        self._confirm(pos_order, 10.0)
        self.assertEqual(self.card.points, 10.0, "the card rises by the refund")
        history = self.card.history_ids.filtered(lambda h: h.order_id == pos_order.id)
        self.assertEqual((history.store_id, history.issued), (self.store_b, 10.0))
        self.assertEqual(self.order.order_line.qty_delivered, 1.0)
        # The till confirming again (an order synced twice) adds nothing.
        self._confirm(pos_order, 10.0)
        self.assertEqual(self.card.points, 10.0)

    def test_part_credit_part_money(self):
        self._look_up()
        vals = self._return_vals(qty=2.0, credit=15.0)
        self.assertAlmostEqual(vals["amount_total"], -5.0)
        pos_order = self._sync(vals)
        self.assertAlmostEqual(sum(pos_order.payment_ids.mapped("amount")), -5.0)
        self._confirm(pos_order, 15.0)
        self.assertEqual(self.card.points, 15.0)

    def test_no_more_credit_than_the_refund(self):
        """A till (or a forged call) crediting 25.00 for a 10.00 return, the
        customer "paying" the difference, is refused: nothing written. A
        store manager (who may set prices) neither."""
        for user in (self.staff_b, self.manager_b):
            self._look_up(user)
            with self.assertRaises(UserError) as caught:
                self._sync(self._return_vals(credit=25.0), user=user)
            self.assertIn("store credit for a return is at most", str(caught.exception))
            self._assert_nothing_returned()
            self.assertEqual(self.card.points, 0.0)

    def test_no_more_points_than_the_credit(self):
        self._look_up()
        pos_order = self._sync(self._return_vals(credit=10.0))
        with self.assertRaises(UserError) as caught:
            self._confirm(pos_order, 60.0)
        self.assertIn("at most", str(caught.exception))
        self.assertEqual(self.card.points, 0.0)

    def test_no_money_out_of_the_ewallet(self):
        """A negative top-up on a return (the eWallet "paying" the customer)
        is refused, for a store manager too (no price list check)."""
        self._look_up(self.manager_b)
        with self.assertRaises(UserError) as caught:
            self._sync(self._return_vals(credit=-10.0), user=self.manager_b)
        self.assertIn("never out of it", str(caught.exception))
        self._assert_nothing_returned()

    def test_top_up_sale_keeps_its_price(self):
        """Without goods coming back, a top-up is a sale at its price."""
        vals = self._pos_order_vals(
            self.session_b,
            [self._pos_line(self.top_up, price_unit=10.0)],
            partner=self.customer,
        )
        with self.assertRaises(UserError) as caught:
            self._sync(vals)
        self.assertIn("not the prices of store", str(caught.exception))
