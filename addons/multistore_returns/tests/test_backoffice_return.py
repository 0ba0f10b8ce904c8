from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from ..models.multistore_return_policy import APPROVAL_AMOUNT_PARAM
from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestBackOfficeReturn(ReturnsCommon):
    """The return policy on Odoo's Return wizard of a store's delivery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Three Wool Coats (Coats: 30 days) at 100.00, delivered by store A.
        cls.order, cls.delivery = cls._delivered_sale(cls.coat, 3)

    def _assert_refused(self, wizard, error, expected):
        """The return is refused with ``expected`` in the message and
        nothing is written."""
        Picking = self.env["stock.picking"]
        count = Picking.search_count([])
        with self.assertRaises(error) as cm:
            wizard.action_create_returns()
        self.assertIn(expected, str(cm.exception))
        self.assertEqual(Picking.search_count([]), count)
        self.assertFalse(self._returns_of(self.delivery))
        return str(cm.exception)

    def test_reason_required_and_set_on_the_return(self):
        wizard = self._return_wizard(self.delivery, 1, user=self.staff_a)
        self.assertTrue(wizard.multistore_reason_required)
        self._assert_refused(wizard, UserError, "needs a reason")
        wizard.multistore_return_reason_id = self.reason_quality
        action = wizard.action_create_returns()
        back = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(back, self._returns_of(self.delivery))
        self.assertEqual(back.multistore_return_reason_id, self.reason_quality)
        self.assertEqual(back.store_id, self.store_a)
        self.assertEqual(back.move_ids.product_uom_qty, 1)

    def test_reason_required_in_the_form(self):
        form = Form(
            self.env["stock.return.picking"]
            .with_user(self.staff_a)
            .with_context(active_id=self.delivery.id, active_model="stock.picking")
        )
        with self.assertRaises(AssertionError):
            form.save()
        form.multistore_return_reason_id = self.reason_size
        self.assertTrue(form.save())

    def test_reason_not_writable_directly(self):
        wizard = self._return_wizard(
            self.delivery, 1, user=self.staff_a, reason=self.reason_quality
        )
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        with self.assertRaises(UserError) as cm:
            back.with_user(self.staff_a).write(
                {"multistore_return_reason_id": self.reason_size.id}
            )
        self.assertIn("change only through its buttons", str(cm.exception))
        self.assertEqual(back.multistore_return_reason_id, self.reason_quality)
        count = self.env["stock.picking"].search_count([])
        with self.assertRaises(UserError):
            self.env["stock.picking"].with_user(self.staff_a).create(
                {
                    "picking_type_id": self.warehouse_a.in_type_id.id,
                    "multistore_return_reason_id": self.reason_size.id,
                }
            )
        self.assertEqual(self.env["stock.picking"].search_count([]), count)

    def test_outside_window_refused(self):
        self.order.sudo().date_order = self._days_ago(31)
        wizard = self._return_wizard(
            self.delivery, 1, user=self.staff_a, reason=self.reason_quality
        )
        message = self._assert_refused(wizard, ValidationError, "window is over")
        self.assertIn("Wool Coat", message)
        self.assertIn("30 days", message)
        # Within the window of its category.
        self.order.sudo().date_order = self._days_ago(30)
        self.assertTrue(wizard.action_create_returns()["res_id"])

    def test_more_than_delivered_refused(self):
        wizard = self._return_wizard(
            self.delivery, 4, user=self.staff_a, reason=self.reason_quality
        )
        self._assert_refused(wizard, ValidationError, "Return at most 3")
        wizard.product_return_moves.quantity = 2
        wizard.action_create_returns()
        wizard = self._return_wizard(
            self.delivery, 2, user=self.staff_a, reason=self.reason_quality
        )
        with self.assertRaises(ValidationError) as cm:
            wizard.action_create_returns()
        self.assertIn("Return at most 1", str(cm.exception))
        self.assertEqual(len(self._returns_of(self.delivery)), 1)

    def test_product_not_delivered_refused(self):
        wizard = self._return_wizard(
            self.delivery, 0, user=self.staff_a, reason=self.reason_quality
        )
        wizard.product_return_moves = [
            Command.create({"product_id": self.mug.id, "quantity": 1})
        ]
        self._assert_refused(wizard, ValidationError, "was not delivered")

    def test_approval_above_amount(self):
        """Returns above 250.00 (quantity x sales price) are a store manager's."""
        self._set_param(APPROVAL_AMOUNT_PARAM, 250)
        wizard = self._return_wizard(
            self.delivery, 3, user=self.staff_a, reason=self.reason_quality
        )
        self._assert_refused(wizard, ValidationError, "Ask your store manager")
        wizard = self._return_wizard(
            self.delivery, 3, user=self.manager_a, reason=self.reason_quality
        )
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self.assertEqual(back.move_ids.product_uom_qty, 3)

    def test_receipt_return_untouched(self):
        """Returning goods to a vendor needs no reason, whatever its age."""
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse_a.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.warehouse_a.lot_stock_id.id,
                "partner_id": self.customer.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "Mugs",
                            "product_id": self.mug.id,
                            "product_uom_qty": 5,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.warehouse_a.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.quantity = 5
        receipt.move_ids.picked = True
        receipt.button_validate()
        wizard = self._return_wizard(receipt, 2, user=self.staff_a)
        self.assertFalse(wizard.multistore_reason_required)
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self.assertFalse(back.multistore_return_reason_id)
        self.assertEqual(back.move_ids.product_uom_qty, 2)
