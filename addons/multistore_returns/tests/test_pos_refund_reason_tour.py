from odoo import Command
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon

from ..models.multistore_return_policy import TILL_REASON_PARAM


@tagged("post_install", "-at_install")
class TestPosRefundReasonTour(MultistorePosTourCommon):
    """Store A's cashier refunds a mug at the till and picks the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(TILL_REASON_PARAM, "True")
        cls.mug = cls.env["product.product"].create(
            {
                "name": "Reason Mug",
                "is_storable": True,
                "available_in_pos": True,
                "list_price": 8.0,
                "taxes_id": [Command.clear()],
            }
        )
        Reason = cls.env["multistore.return.reason"]
        cls.quality = Reason.create(
            {"name": "Quality (tour)", "code": "T_TOUR_QUALITY", "sequence": 1}
        )
        cls.size = Reason.create(
            {"name": "Size (tour)", "code": "T_TOUR_SIZE", "sequence": 2}
        )

    def test_refund_reason_at_the_till(self):
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour(
            "multistore_returns_refund_reason",
            login=self.cashier_a.login,
            timeout=180,
        )
        orders = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(
            len(orders), 2, "the tour should have saved a sale and a refund"
        )
        refund = orders.filtered(lambda o: o.amount_total < 0)
        self.assertEqual(refund.state, "paid")
        self.assertEqual(refund.store_id, self.store_a)
        self.assertAlmostEqual(refund.amount_total, -8.0)
        self.assertEqual(refund.multistore_return_reason_id, self.quality)
        self.assertFalse((orders - refund).multistore_return_reason_id)
