from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestTransferSecurity(MultistoreInventoryCommon):
    """Transfers change only through their steps, taken by the right store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.store_b, 20.0)

    def _transfer(self, qty=5.0, user=None, source=None, dest=None):
        """Store A (dest) asks store B (source) for ``qty`` units."""
        return self.Transfer.with_user(user or self.staff_a).create(
            {
                "source_store_id": (source or self.store_b).id,
                "dest_store_id": (dest or self.store_a).id,
                "line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "qty_requested": qty}
                    )
                ],
            }
        )

    def _roles(self):
        return (self.staff_a, self.manager_b, self.chain_manager)

    def test_state_written_directly_is_refused(self):
        """The cashier's attack: 'shipped' on a request, then receive it."""
        transfer = self._transfer()
        transfer.with_user(self.staff_a).action_request()
        for user in self._roles():
            with self.subTest(user=user.login):
                for vals in (
                    {"state": "shipped"},
                    {"state": "approved"},
                    {"approved_by_id": user.id},
                    {"date_shipped": "2025-01-01 10:00:00"},
                    {"received_by_id": user.id},
                ):
                    with self.assertRaisesRegex(UserError, "only through its buttons"):
                        transfer.with_user(user).write(vals)
        self.assertEqual(transfer.state, "requested")
        self.assertFalse(transfer.approved_by_id)
        with self.assertRaisesRegex(UserError, "not possible now"):
            transfer.with_user(self.staff_a).action_receive()
        self.assertEqual(self._qty(self.warehouse_a.lot_stock_id), 0.0)
        self.assertEqual(self._qty(self.transit), 0.0)

    def test_created_only_in_draft(self):
        for user in self._roles():
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "only through its buttons"),
            ):
                self.Transfer.with_user(user).create(
                    {
                        "source_store_id": self.store_b.id,
                        "dest_store_id": self.store_a.id,
                        "state": "shipped",
                    }
                )
                with self.assertRaisesRegex(UserError, "only through its buttons"):
                    self._transfer(user=user).write(
                        {
                            "line_ids": [
                                Command.create(
                                    {
                                        "product_id": self.product.id,
                                        "qty_requested": 1.0,
                                        "qty_shipped": 50.0,
                                    }
                                )
                            ]
                        }
                    )

    def test_quantities_recorded_by_their_step_only(self):
        transfer = self._transfer()
        line = transfer.line_ids
        transfer.with_user(self.staff_a).action_request()
        # Before approval nobody records shipped or received quantities.
        for user in self._roles():
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "only while it is Approved"),
            ):
                line.with_user(user).write({"qty_shipped": 5.0})
                with self.assertRaisesRegex(UserError, "only while it is In Transit"):
                    line.with_user(user).write({"qty_received": 5.0})
        transfer.with_user(self.manager_b).action_approve()
        # Approved: the source store's staff record what they ship, not the
        # destination's.
        with self.assertRaisesRegex(AccessError, r"staff of \[B\] Store B"):
            line.with_user(self.staff_a).write({"qty_shipped": 3.0})
        line.with_user(self.staff_b).write({"qty_shipped": 3.0})
        with self.assertRaisesRegex(UserError, "ship at most the approved"):
            line.with_user(self.staff_b).write({"qty_shipped": 6.0})
            transfer.with_user(self.staff_b).action_ship()
        line.with_user(self.staff_b).write({"qty_shipped": 3.0})
        transfer.with_user(self.staff_b).action_ship()
        self.assertEqual(self._qty(self.transit), 3.0)
        # In transit: shipped is fixed for everyone; received is the
        # destination's.
        for user in (self.staff_b, self.manager_b, self.chain_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "only while it is Approved"),
            ):
                line.with_user(user).write({"qty_shipped": 50.0})
        with self.assertRaisesRegex(AccessError, r"staff of \[A\] Store A"):
            line.with_user(self.staff_b).write({"qty_received": 3.0})
        for user in self._roles():
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "only through its buttons"),
            ):
                line.with_user(user).write({"qty_before_receipt": 99.0})
        self.assertEqual(line.qty_shipped, 3.0)
        with self.assertRaises(AccessError):
            transfer.with_user(self.staff_b).action_fill_received()
        with self.assertRaises(AccessError):
            transfer.with_user(self.staff_b).action_scan(self.product.default_code)
        transfer.with_user(self.staff_a).action_fill_received()
        transfer.with_user(self.staff_a).action_receive()
        self.assertEqual(self._qty(self.warehouse_a.lot_stock_id), 3.0)
        self.assertEqual(self._qty(self.transit), 0.0)
        # Done: nothing changes any more.
        for user in self._roles():
            with self.subTest(user=user.login), self.assertRaises(UserError):
                line.with_user(user).write({"qty_received": 30.0})
        self.assertEqual(line.qty_received, 3.0)

    def test_pickings_linked_by_the_steps_only(self):
        transfer = self._transfer()
        picking = self._create_picking(self.warehouse_a)
        for user in (self.staff_a, self.chain_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "buttons only"),
            ):
                picking.with_user(user).write({"multistore_transfer_id": transfer.id})
                with self.assertRaisesRegex(UserError, "only through its buttons"):
                    transfer.with_user(user).write(
                        {"picking_ids": [Command.link(picking.id)]}
                    )
        self.assertFalse(transfer.picking_ids)

    def test_steps_belong_to_the_right_store(self):
        transfer = self._transfer()
        with self.assertRaises(AccessError):
            transfer.with_user(self.staff_c).action_request()
        transfer.with_user(self.staff_a).action_request()
        # Approval is the source store's manager's: not the destination's,
        # not the source's staff.
        with self.assertRaisesRegex(AccessError, r"manager of \[B\] Store B"):
            transfer.with_user(self.manager_a).action_approve()
        with self.assertRaisesRegex(AccessError, "Store manager"):
            transfer.with_user(self.staff_b).action_approve()
        self.assertEqual(transfer.state, "requested")
        transfer.with_user(self.manager_b).action_approve()
        with self.assertRaisesRegex(AccessError, r"staff of \[B\] Store B"):
            transfer.with_user(self.staff_a).action_ship()
        transfer.with_user(self.staff_b).action_ship()
        with self.assertRaisesRegex(AccessError, r"staff of \[A\] Store A"):
            transfer.with_user(self.staff_b).action_receive()
        self.assertEqual(transfer.state, "shipped")
        # A third store sees nothing and does nothing.
        for action in ("action_cancel", "action_view_pickings", "action_receive"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(transfer.with_user(self.staff_c), action)()

    def test_transfer_between_foreign_stores_is_refused(self):
        for user in (self.staff_a, self.manager_a):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(AccessError, "neither of which"),
            ):
                self._transfer(user=user, source=self.store_b, dest=self.store_c)
        # Into or out of one's store is fine; chain managers send anywhere.
        self._transfer(user=self.staff_a, source=self.store_a, dest=self.store_c)
        self._transfer(user=self.staff_a, source=self.store_c, dest=self.store_a)
        self._transfer(user=self.chain_manager, source=self.store_b, dest=self.store_c)

    def test_stores_fixed_after_request_and_kept_own(self):
        transfer = self._transfer()
        # A draft may change its other store, not lose the user's own.
        transfer.with_user(self.staff_a).write({"source_store_id": self.store_c.id})
        with self.assertRaisesRegex(AccessError, "neither of which"):
            transfer.with_user(self.staff_a).write({"dest_store_id": self.store_b.id})
        self.assertEqual(transfer.dest_store_id, self.store_a)
        transfer.with_user(self.staff_a).action_request()
        for user in (self.staff_a, self.chain_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "fixed once it is requested"),
            ):
                transfer.with_user(user).write({"source_store_id": self.store_b.id})
        self.assertEqual(transfer.source_store_id, self.store_c)

    def test_copy_starts_a_new_request(self):
        transfer = self._transfer()
        transfer.with_user(self.staff_a).action_request()
        transfer.with_user(self.manager_b).action_approve()
        transfer.with_user(self.staff_b).action_ship()
        copy = transfer.with_user(self.staff_a).copy()
        self.assertEqual(copy.state, "draft")
        self.assertEqual(
            copy.line_ids.read(["qty_requested", "qty_shipped", "qty_received"])[0],
            {
                "id": copy.line_ids.id,
                "qty_requested": 5.0,
                "qty_shipped": 0.0,
                "qty_received": 0.0,
            },
        )
