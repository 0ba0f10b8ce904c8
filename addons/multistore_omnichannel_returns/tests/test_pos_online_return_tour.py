from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon
from odoo.addons.multistore_returns.models.multistore_return_policy import (
    TILL_REASON_PARAM,
)

from .common import OnlineReturnMixin


@tagged("post_install", "-at_install")
class TestPosOnlineReturnTour(OnlineReturnMixin, MultistorePosTourCommon):
    """Store B's cashier takes back one unit of an online order that store A
    shipped and the customer received."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cash_journal = cls.env["account.journal"].create(
            {"name": "Cash Store B", "type": "cash", "code": "CSHB"}
        )
        cls.cash_b = cls.env["pos.payment.method"].create(
            {"name": "Cash", "journal_id": cash_journal.id}
        )
        cls.pos_config_b.payment_method_ids = [(6, 0, cls.cash_b.ids)]
        cls.store_online = cls._create_online_store()
        cls.tea = cls.env["product.product"].create(
            {
                "name": "Return Tea",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 6.0,
                "taxes_id": False,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.tea, cls.store_a.warehouse_id.lot_stock_id, 10.0
        )
        cls.customer = cls.env["res.partner"].create({"name": "Online Return Customer"})
        cls.program = cls._create_points_program()
        cls.order = cls._online_order(cls.store_online, cls.tea, cls.customer)
        cls.order.sudo().name = "WEB-RETURN-1"
        # The chain requires a reason for every return at a till.
        cls.env["ir.config_parameter"].sudo().set_param(TILL_REASON_PARAM, "True")
        cls.reason = cls.env["multistore.return.reason"].create(
            {"name": "Wrong size (online)", "code": "T_ONLINE_SIZE", "sequence": 1}
        )

    def test_return_online_order_at_store_b(self):
        self.assertEqual(self.order.fulfilment_state, "delivered")
        warehouse_a = self.store_a.warehouse_id
        self.assertEqual(
            self.order.picking_ids.picking_type_id.warehouse_id, warehouse_a
        )
        card = self._card(self.program, self.customer)
        self.assertEqual(card.points, 12.0)
        stock_a = self._stock(warehouse_a, self.tea)
        stock_b = self._stock(self.warehouse_b, self.tea)
        self.pos_config_b.with_user(self.cashier_b).open_ui()
        self.start_pos_tour(
            "multistore_omnichannel_return_at_till",
            login=self.cashier_b.login,
            pos_config=self.pos_config_b,
        )
        pos_order = self.env["pos.order"].search(
            [("session_id", "=", self.pos_config_b.current_session_id.id)]
        )
        self.assertEqual(len(pos_order), 1, "the tour should have saved one return")
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(pos_order.store_id, self.store_b)
        self.assertEqual(pos_order.lines.sale_order_line_id, self.order.order_line)
        self.assertEqual(pos_order.lines.qty, -1.0)
        self.assertEqual(pos_order.multistore_return_reason_id, self.reason)
        self.assertAlmostEqual(pos_order.amount_total, -6.0)
        self.assertEqual(pos_order.payment_ids.payment_method_id, self.cash_b)
        self.assertAlmostEqual(pos_order.payment_ids.amount, -6.0)
        self.env.invalidate_all()
        self.assertEqual(self._stock(self.warehouse_b, self.tea), stock_b + 1)
        self.assertEqual(self._stock(warehouse_a, self.tea), stock_a)
        self.assertEqual(self.order.order_line.qty_delivered, 1.0)
        self.assertIn("Returned at Store B", self.order.message_ids[0].body)
        # The points the online order earned for the unit: taken back at B.
        self.assertEqual(card.points, 6.0)
        taken = card.history_ids.filtered(lambda h: h.order_id == pos_order.id)
        self.assertEqual(
            (taken.store_id, taken.kind, taken.used), (self.store_b, "refund", 6.0)
        )
