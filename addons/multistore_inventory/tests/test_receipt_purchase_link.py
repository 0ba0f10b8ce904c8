from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestReceiptPurchaseLink(MultistoreInventoryCommon):
    """A receipt's purchase orders, read from the picking: the other side of
    purchase_stock's ``purchase.order.picking_ids``, which the ORM follows
    (instead of searching every purchase order) when a picking changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Tea Farm"})
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "picking_type_id": cls.warehouse_a.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 4,
                            "price_unit": 3,
                        }
                    )
                ],
            }
        )
        cls.buyer = new_test_user(
            cls.env,
            login="ms_link_buyer",
            groups="purchase.group_purchase_manager,stock.group_stock_manager,"
            "multistore_base.group_chain_manager",
            company_id=cls.env.company.id,
        )

    def test_field_is_the_inverse_of_the_receipts(self):
        PurchaseOrder = self.env["purchase.order"]
        inverses = self.env.registry.field_inverses[
            PurchaseOrder._fields["picking_ids"]
        ]
        self.assertIn(
            self.env["stock.picking"]._fields["multistore_purchase_order_ids"], inverses
        )

    def test_receipt_status_follows_the_picking(self):
        self.purchase.button_confirm()
        receipt = self.purchase.picking_ids
        self.assertEqual(receipt.multistore_purchase_order_ids, self.purchase)
        self.assertEqual(self.purchase.receipt_status, "pending")
        receipt.move_ids.quantity = 4
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        # Recomputed through the picking's link, in the same transaction.
        self.assertEqual(self.purchase.receipt_status, "full")
        self.assertTrue(self.purchase.effective_date)

    def test_link_not_set_by_hand(self):
        self.purchase.button_confirm()
        other = self.env["purchase.order"].create({"partner_id": self.vendor.id})
        receipt = self.purchase.picking_ids.with_user(self.buyer)
        with self.assertRaisesRegex(UserError, "by hand"), self.env.cr.savepoint():
            receipt.write({"multistore_purchase_order_ids": [Command.link(other.id)]})
        with self.assertRaisesRegex(UserError, "by hand"), self.env.cr.savepoint():
            self.env["stock.picking"].with_user(self.buyer).create(
                {
                    "picking_type_id": self.warehouse_a.in_type_id.id,
                    "multistore_purchase_order_ids": [Command.set(other.ids)],
                }
            )
        self.assertFalse(other.picking_ids)
        self.assertEqual(receipt.multistore_purchase_order_ids, self.purchase)
