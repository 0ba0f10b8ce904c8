from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestTransfer(MultistoreInventoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.store_b, 20.0)

    def _transfer(self, qty=5.0, user=None):
        """Store A asks store B for ``qty`` units."""
        return self.Transfer.with_user(user or self.staff_a).create(
            {
                "source_store_id": self.store_b.id,
                "dest_store_id": self.store_a.id,
                "line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "qty_requested": qty}
                    )
                ],
            }
        )

    def _ship(self, transfer):
        transfer.with_user(self.staff_a).action_request()
        transfer.with_user(self.manager_b).action_approve()
        transfer.with_user(self.staff_b).action_ship()

    def test_lifecycle_moves_stock_through_transit(self):
        stock_a = self.warehouse_a.lot_stock_id
        stock_b = self.warehouse_b.lot_stock_id
        transfer = self._transfer()
        self.assertEqual(transfer.state, "draft")
        transfer.with_user(self.staff_a).action_request()
        self.assertEqual(
            (transfer.state, transfer.requested_by_id), ("requested", self.staff_a)
        )
        with self.assertRaisesRegex(UserError, "manager of"):
            transfer.with_user(self.manager_a).action_approve()
        transfer.with_user(self.manager_b).action_approve()
        self.assertEqual(transfer.state, "approved")
        self.assertEqual((self._qty(stock_b), self._qty(self.transit)), (20.0, 0.0))
        transfer.with_user(self.staff_b).action_ship()
        self.assertEqual(transfer.state, "shipped")
        self.assertEqual(self._qty(stock_b), 15.0)
        self.assertEqual(self._qty(self.transit), 5.0)
        self.assertEqual(self._qty(stock_a), 0.0)
        ship = transfer.picking_ids
        self.assertEqual((ship.state, ship.store_id), ("done", self.store_b))
        transfer.with_user(self.staff_a).action_fill_received()
        transfer.with_user(self.staff_a).action_receive()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(self._qty(self.transit), 0.0)
        self.assertEqual(self._qty(stock_a), 5.0)
        receipt = transfer.picking_ids - ship
        self.assertEqual((receipt.state, receipt.store_id), ("done", self.store_a))

    def test_partial_receipt_written_off_with_reason(self):
        transfer = self._transfer(qty=6.0)
        self._ship(transfer)
        line = transfer.line_ids
        line.with_user(self.staff_a).qty_received = 4.0
        with self.assertRaisesRegex(UserError, "Give the reason"):
            transfer.with_user(self.staff_a).action_receive()
        self.assertEqual(transfer.state, "shipped")
        line.with_user(self.staff_a).write(
            {"discrepancy_reason": "damaged", "discrepancy_note": "crushed box"}
        )
        transfer.with_user(self.staff_a).action_receive()
        self.assertEqual(transfer.state, "received")
        self.assertEqual(line.qty_difference, 2.0)
        self.assertEqual(self._qty(self.warehouse_a.lot_stock_id), 4.0)
        self.assertEqual(self._qty(self.transit), 2.0, "difference still in transit")
        with self.assertRaisesRegex(AccessError, "Store manager"):
            transfer.with_user(self.staff_a).action_write_off()
        with self.assertRaisesRegex(AccessError, r"manager of \[A\] Store A"):
            transfer.with_user(self.manager_b).action_write_off()
        transfer.with_user(self.manager_a).action_write_off()
        self.assertEqual(transfer.state, "done")
        self.assertEqual(self._qty(self.transit), 0.0)
        loss = self.product.with_company(self.env.company).property_stock_inventory
        self.assertEqual(self._qty(loss), 2.0)
        self.assertIn("crushed box", transfer.message_ids[0].body)

    def test_cancel_before_shipping_only(self):
        transfer = self._transfer()
        transfer.with_user(self.staff_a).action_request()
        transfer.with_user(self.staff_a).action_cancel()
        self.assertEqual(transfer.state, "cancel")
        self.assertFalse(transfer.picking_ids)
        with self.assertRaisesRegex(UserError, "not possible now"):
            transfer.with_user(self.manager_b).action_approve()
        shipped = self._transfer()
        self._ship(shipped)
        with self.assertRaisesRegex(UserError, "can no longer be cancelled"):
            shipped.with_user(self.staff_a).action_cancel()
        self.assertEqual(shipped.state, "shipped")

    def test_access_of_source_destination_and_third_store(self):
        transfer = self._transfer()
        self._ship(transfer)
        ship = transfer.picking_ids
        for user in (self.staff_a, self.staff_b):
            self.assertEqual(
                self.Transfer.with_user(user).search([("id", "=", transfer.id)]),
                transfer,
            )
        self.assertFalse(self.Transfer.with_user(self.staff_c).search([]))
        with self.assertRaises(AccessError):
            transfer.with_user(self.staff_c).read(["name"])
        with self.assertRaises(AccessError):
            transfer.line_ids.with_user(self.staff_c).read(["qty_requested"])
        # Store scoping holds on the pickings: A's staff see no B picking.
        with self.assertRaises(AccessError):
            ship.with_user(self.staff_a).read(["name"])
        self.assertEqual(ship.with_user(self.staff_b).read(["name"])[0]["id"], ship.id)

    def test_barcode_receiving(self):
        self.product.barcode = "6901234599991"
        transfer = self._transfer(qty=3.0)
        self._ship(transfer)
        for _scan in range(3):
            transfer.with_user(self.staff_a).action_scan("6901234599991")
        self.assertEqual(transfer.line_ids.qty_received, 3.0)
        with self.assertRaisesRegex(UserError, "more cannot arrive"):
            transfer.with_user(self.staff_a).action_scan("6901234599991")
        with self.assertRaisesRegex(UserError, "matches no product"):
            transfer.with_user(self.staff_a).action_scan("0000")
        transfer.with_user(self.staff_a).action_receive()
        self.assertEqual(transfer.state, "done")

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "other than"):
            self.Transfer.create(
                {"source_store_id": self.store_a.id, "dest_store_id": self.store_a.id}
            )
        for qty in (0.0, -2.0):
            with self.assertRaisesRegex(ValidationError, "positive quantity"):
                self._transfer(qty=qty)
        too_much = self._transfer(qty=25.0)
        too_much.with_user(self.staff_a).action_request()
        too_much.with_user(self.manager_b).action_approve()
        with self.assertRaisesRegex(UserError, "Only 20"):
            too_much.with_user(self.staff_b).action_ship()
        self.assertEqual(too_much.state, "approved")
        self.assertFalse(too_much.picking_ids)
        self.assertEqual(self._qty(self.warehouse_b.lot_stock_id), 20.0)
        over = self._transfer(qty=2.0)
        self._ship(over)
        over.line_ids.qty_received = 3.0
        with self.assertRaisesRegex(UserError, "more cannot arrive"):
            over.with_user(self.staff_a).action_receive()
        self.assertEqual(self._qty(self.warehouse_a.lot_stock_id), 0.0)
        cancelled = self._transfer()
        cancelled.action_cancel()
        for action in (
            "action_request",
            "action_approve",
            "action_ship",
            "action_receive",
        ):
            with self.assertRaisesRegex(UserError, "not possible now"):
                getattr(cancelled, action)()
        with self.assertRaisesRegex(UserError, "Add the products"):
            self.Transfer.create(
                {"source_store_id": self.store_b.id, "dest_store_id": self.store_a.id}
            ).action_request()

    def test_lines_fixed_after_approval(self):
        """Products are added or removed only while the transfer is a request."""
        coffee = self.env["product.product"].create(
            {"name": "Coffee", "is_storable": True}
        )
        Line = self.env["multistore.transfer.line"]
        transfer = self._transfer()
        # Draft and requested: lines come and go.
        extra = Line.with_user(self.staff_a).create(
            {"transfer_id": transfer.id, "product_id": coffee.id}
        )
        transfer.with_user(self.staff_a).action_request()
        extra.with_user(self.staff_a).unlink()
        transfer.with_user(self.staff_a).write(
            {"line_ids": [Command.create({"product_id": coffee.id})]}
        )
        self.assertEqual(transfer.line_ids.product_id, self.product | coffee)
        coffee_line = transfer.line_ids.filtered(lambda line: line.product_id == coffee)
        coffee_line.unlink()
        transfer.with_user(self.manager_b).action_approve()
        line = transfer.line_ids
        for user in (self.staff_a, self.manager_b, self.env.user):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "cancel the transfer"):
                    Line.with_user(user).create(
                        {"transfer_id": transfer.id, "product_id": coffee.id}
                    )
                with self.assertRaisesRegex(UserError, "cancel the transfer"):
                    transfer.with_user(user).write(
                        {"line_ids": [Command.create({"product_id": coffee.id})]}
                    )
                with self.assertRaisesRegex(UserError, "cancel the transfer"):
                    line.with_user(user).unlink()
                with self.assertRaisesRegex(UserError, "cancel the transfer"):
                    transfer.with_user(user).write(
                        {"line_ids": [Command.delete(line.id)]}
                    )
        # Nor by moving a line in from a draft transfer.
        draft = self._transfer()
        with self.assertRaisesRegex(UserError, "cancel the transfer"):
            draft.line_ids.write({"transfer_id": transfer.id})
        self.assertEqual(transfer.line_ids, line)
        # Shipping still records the quantities on the existing lines.
        line.with_user(self.staff_b).qty_shipped = 4.0
        transfer.with_user(self.staff_b).action_ship()
        self.assertEqual(self._qty(self.transit), 4.0)
        with self.assertRaisesRegex(UserError, "new transfer"):
            line.with_user(self.staff_a).unlink()
        with self.assertRaisesRegex(UserError, "new transfer"):
            Line.with_user(self.staff_a).create(
                {"transfer_id": transfer.id, "product_id": coffee.id}
            )
        self.assertEqual(transfer.line_ids, line)

    def test_lines_of_cancelled_transfer_after_reset(self):
        transfer = self._transfer()
        transfer.with_user(self.staff_a).action_cancel()
        with self.assertRaisesRegex(UserError, "reset it to draft"):
            transfer.line_ids.with_user(self.staff_a).unlink()
        transfer.with_user(self.staff_a).action_draft()
        transfer.line_ids.with_user(self.staff_a).unlink()
        self.assertFalse(transfer.line_ids)
        # A cancelled transfer is still deleted with its lines.
        cancelled = self._transfer()
        lines = cancelled.line_ids
        cancelled.action_cancel()
        cancelled.unlink()
        self.assertFalse(lines.exists())

    def test_form_adds_lines_only_before_approval(self):
        arch = self.env.ref("multistore_inventory.multistore_transfer_view_form").arch
        self.assertIn(
            "'create': [('state', 'in', ('draft', 'requested'))]",
            arch,
        )
        self.assertIn(
            "'delete': [('state', 'in', ('draft', 'requested'))]",
            arch,
        )
