from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestPurchaseScope(MultistoreInventoryCommon):
    """A purchase belongs to the store that receives it: store users see their
    stores' purchases only and never move one to another store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Tea Farm"})
        cls.po_a = cls._purchase(cls.warehouse_a)
        cls.po_b = cls._purchase(cls.warehouse_b)

    @classmethod
    def _purchase(cls, warehouse):
        return cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor.id,
                "picking_type_id": warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_qty": 5,
                            "price_unit": 3,
                        }
                    )
                ],
            }
        )

    def test_store_follows_receiving_warehouse(self):
        self.assertEqual(self.po_a.store_id, self.store_a)
        self.assertEqual(self.po_b.store_id, self.store_b)
        self.assertEqual(self.po_b.order_line.store_id, self.store_b)

    def test_other_store_purchase_hidden(self):
        Purchase = self.env["purchase.order"].with_user(self.staff_a)
        found = Purchase.search([("id", "in", (self.po_a | self.po_b).ids)])
        self.assertEqual(found, self.po_a)
        with self.assertRaises(AccessError):
            self.po_b.with_user(self.staff_a).read(["name"])
        lines = self.env["purchase.order.line"].with_user(self.manager_a)
        self.assertFalse(lines.search([("order_id", "=", self.po_b.id)]))

    def test_confirmed_purchase_keeps_its_store(self):
        self.po_a.button_confirm()
        buyer = new_test_user(
            self.env,
            login="ms_buyer",
            groups="purchase.group_purchase_manager,multistore_base.group_chain_manager",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        with (
            self.assertRaisesRegex(UserError, "can no longer change"),
            self.env.cr.savepoint(),
        ):
            self.po_a.with_user(buyer).write(
                {"picking_type_id": self.warehouse_b.in_type_id.id}
            )
        self.po_a.invalidate_recordset()
        self.assertEqual(self.po_a.store_id, self.store_a)
