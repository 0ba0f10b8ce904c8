"""The Stock-outs Avoided report: units a transfer let a store sell.

Over 400 lines on purpose: one test class on one history of receipts, sales
and returns built once in setUpClass (a hundred lines of it), which the
report's cases and its independent recomputation all read.
"""

from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestStockoutAvoided(MultistoreInventoryCommon):
    """Transfers received while the store was short, then what it sold.

    Events are placed in time by writing the receipt date and the dates of
    the done stock moves (no clock mocking).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["multistore.stockout.avoided"]
        cls.customers = cls.env.ref("stock.stock_location_customers")
        region = cls.env["res.country.state"].create(
            {
                "name": "East Region",
                "code": "MSE",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.store_a.partner_id = cls.env["res.partner"].create(
            {"name": "Store A address", "city": "Shanghai", "state_id": region.id}
        )
        cls.region = region
        cls.categ = cls.env["product.category"].create({"name": "Teas"})
        cls.product.categ_id = cls.categ
        cls.config_a = cls._create_pos_config(cls.store_a)
        cls.session_a = cls.env["pos.session"].create({"config_id": cls.config_a.id})
        cls._set_stock(cls.store_b, 50.0)
        cls._set_stock(cls.store_a, 1.0)
        # The receipt of every test transfer is dated here.
        cls.received_at = datetime(2025, 3, 10, 9, 0, 0)

    # -- helpers -------------------------------------------------------------

    def _receive(self, qty, source=None, dest=None, product=None, when=None):
        """A transfer of ``qty`` from ``source`` (B) to ``dest`` (A), received."""
        source = source or self.store_b
        dest = dest or self.store_a
        staff = {self.store_a: self.staff_a, self.store_b: self.staff_b}
        managers = {self.store_a: self.manager_a, self.store_b: self.manager_b}
        transfer = self.Transfer.with_user(staff[dest]).create(
            {
                "source_store_id": source.id,
                "dest_store_id": dest.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": (product or self.product).id,
                            "qty_requested": qty,
                        }
                    )
                ],
            }
        )
        transfer.with_user(staff[dest]).action_request()
        transfer.with_user(managers[source]).action_approve()
        transfer.with_user(staff[source]).action_ship()
        transfer.with_user(staff[dest]).action_fill_received()
        transfer.with_user(staff[dest]).action_receive()
        self.assertEqual(transfer.state, "done")
        # Backdated as a fixture: the receiving step alone writes it.
        transfer.sudo().date_received = when or self.received_at
        return transfer

    def _move(self, source, dest, qty, when, product=None):
        """A done stock move dated ``when``."""
        move = self.env["stock.move"].create(
            {
                "name": "test move",
                "product_id": (product or self.product).id,
                "product_uom": (product or self.product).uom_id.id,
                "product_uom_qty": qty,
                "location_id": source.id,
                "location_dest_id": dest.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")
        move.date = when
        return move

    def _deliver(self, store, qty, when, product=None):
        return self._move(
            store.warehouse_id.lot_stock_id, self.customers, qty, when, product
        )

    def _sell_at_till(self, qty, when):
        """A paid till order of store A: the till makes and validates its picking."""
        order = self._create_pos_order(self.session_a, qty=qty)
        order.sudo().write({"state": "paid", "amount_paid": order.amount_total})
        order._create_order_picking()
        picking = order.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.location_id, self.warehouse_a.lot_stock_id)
        picking.move_ids.date = when
        return picking

    def _sell_by_order(self, when):
        """A sales order of store A (2 units), delivered."""
        order = self._create_sale_order(self.store_a)
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.location_id.warehouse_id, self.warehouse_a)
        picking.move_ids.quantity = 2.0
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        picking.move_ids.date = when
        return picking

    def _row(self, transfer, user=None):
        Report = self.Report.with_user(user) if user else self.Report
        return Report.search([("transfer_id", "=", transfer.id)])

    def _days(self, days, hours=0):
        return self.received_at + timedelta(days=days, hours=hours)

    # -- tests ---------------------------------------------------------------

    def test_transfer_saves_sales_beyond_stock(self):
        """A had 1, received 6, then sold 5 in the window: 4 units saved."""
        transfer = self._receive(6.0)
        line = transfer.line_ids
        self.assertEqual(line.qty_before_receipt, 1.0)
        self.assertEqual(self._qty(self.warehouse_a.lot_stock_id), 7.0)
        self._sell_at_till(3.0, self._days(2))
        self._sell_by_order(self._days(10))
        # Not in the window: before the receipt, after 30 days, other store.
        self._sell_at_till(1.0, self._days(-1))
        self._deliver(self.store_a, 1.0, self._days(30, hours=1))
        self._deliver(self.store_b, 4.0, self._days(3))
        row = self._row(transfer)
        self.assertEqual(len(row), 1)
        self.assertRecordValues(
            row,
            [
                {
                    "id": line.id,
                    "date": self.received_at.date(),
                    "store_id": self.store_a.id,
                    "source_store_id": self.store_b.id,
                    "company_id": self.env.company.id,
                    "state_id": self.region.id,
                    "city": "Shanghai",
                    "product_id": self.product.id,
                    "categ_id": self.categ.id,
                    "qty_received": 6.0,
                    "qty_before_receipt": 1.0,
                    "qty_sold_after": 5.0,
                    "units_saved": 4.0,  # min(6, 5 - 1)
                    "value_saved": 40.0,  # at the sales price of 10
                    "is_avoided": True,
                }
            ],
        )
        self.assertEqual(self.Report.search([("is_avoided", "=", True)]), row)

    def test_receipt_day_in_store_time_zone(self):
        """Received at 23:30 in Shanghai (15:30 UTC): the row is on the
        Shanghai day, whatever the time zone of the company or the user."""
        self.store_a.partner_id.tz = "Asia/Shanghai"
        self.env.company.partner_id.tz = "America/New_York"
        transfer = self._receive(1.0, when=datetime(2025, 3, 10, 15, 30))
        for tz in ("UTC", "America/Los_Angeles"):
            with self.subTest(tz=tz):
                row = self.Report.with_context(tz=tz).search(
                    [("transfer_id", "=", transfer.id)]
                )
                self.assertEqual(str(row.date), "2025-03-10")
        # Without a time zone of its own, the store counts in its company's.
        self.store_a.partner_id.tz = False
        self.env.invalidate_all()
        self.assertEqual(str(self._row(transfer).date), "2025-03-10")
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self.env.flush_all()
        transfer.sudo().date_received = datetime(2025, 3, 10, 16, 30)
        self.env.invalidate_all()
        self.assertEqual(str(self._row(transfer).date), "2025-03-11")

    def test_units_saved_capped_at_quantity_received(self):
        transfer = self._receive(2.0)
        self._deliver(self.store_a, 3.0, self._days(1))
        self._deliver(self.store_a, 7.0, self._days(29))
        row = self._row(transfer)
        self.assertEqual((row.qty_sold_after, row.units_saved), (10.0, 2.0))
        self.assertAlmostEqual(row.value_saved, 20.0)

    def test_window_ends_after_configured_days(self):
        transfer = self._receive(6.0)
        self._deliver(self.store_a, 2.0, self._days(0, hours=1))
        self._deliver(self.store_a, 3.0, self._days(30))  # last second counts
        self._deliver(self.store_a, 4.0, self._days(31))
        row = self._row(transfer)
        self.assertEqual((row.qty_sold_after, row.units_saved), (5.0, 4.0))
        self.env["ir.config_parameter"].sudo().set_param(
            "multistore_inventory.stockout_window_days", "7"
        )
        self.Report.invalidate_model()
        row = self._row(transfer)
        self.assertEqual((row.qty_sold_after, row.units_saved), (2.0, 1.0))
        self.env["ir.config_parameter"].sudo().set_param(
            "multistore_inventory.stockout_window_days", "40"
        )
        self.Report.invalidate_model()
        row = self._row(transfer)
        self.assertEqual((row.qty_sold_after, row.units_saved), (9.0, 6.0))

    def test_store_with_enough_stock_avoided_nothing(self):
        self._set_stock(self.store_a, 9.0)  # 10 on hand
        transfer = self._receive(5.0)
        self.assertEqual(transfer.line_ids.qty_before_receipt, 10.0)
        self._deliver(self.store_a, 6.0, self._days(5))
        row = self._row(transfer)
        self.assertEqual(
            (row.qty_sold_after, row.units_saved, row.value_saved, row.is_avoided),
            (6.0, 0.0, 0.0, False),
        )
        self.assertFalse(self.Report.search([("is_avoided", "=", True)]))

    def test_customer_returns_reduce_sales(self):
        transfer = self._receive(6.0)
        self._deliver(self.store_a, 5.0, self._days(2))
        self._move(self.customers, self.warehouse_a.lot_stock_id, 2.0, self._days(4))
        # A return into another store is not A's.
        self._move(self.customers, self.warehouse_b.lot_stock_id, 1.0, self._days(4))
        row = self._row(transfer)
        self.assertEqual((row.qty_sold_after, row.units_saved), (3.0, 2.0))

    def test_store_without_stock_before_receipt(self):
        """A recorded stock of zero is a stock, not a missing record."""
        coffee = self.env["product.product"].create(
            {"name": "Coffee", "is_storable": True, "list_price": 25.0}
        )
        self._set_stock(self.store_b, 5.0, coffee)
        transfer = self._receive(2.0, product=coffee)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT qty_before_receipt FROM multistore_transfer_line WHERE id = %s",
                transfer.line_ids.id,
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0.0)
        self._deliver(self.store_a, 3.0, self._days(6), coffee)
        row = self._row(transfer)
        self.assertEqual((row.qty_before_receipt, row.units_saved), (0.0, 2.0))
        self.assertAlmostEqual(row.value_saved, 50.0)

    def test_stock_counted_in_every_internal_location(self):
        """On hand before receipt: the whole warehouse, not only its stock."""
        shelf = self.env["stock.location"].create(
            {"name": "Shelf", "location_id": self.warehouse_a.lot_stock_id.id}
        )
        self.env["stock.quant"]._update_available_quantity(self.product, shelf, 2.0)
        transfer = self._receive(4.0)
        self.assertEqual(transfer.line_ids.qty_before_receipt, 3.0)

    def test_report_matches_independent_computation(self):
        """Several transfers, products and stores against moves read here."""
        window = 30
        coffee = self.env["product.product"].create(
            {"name": "Coffee", "is_storable": True, "list_price": 25.0}
        )
        self._set_stock(self.store_b, 40.0, coffee)
        self._set_stock(self.store_a, 3.0, coffee)
        self._set_stock(self.store_a, 2.0, coffee)  # 5 coffees, 1 tea in A
        plan = [
            # (product, qty, source, dest, days after the first receipt)
            (self.product, 6.0, self.store_b, self.store_a, 0),
            (coffee, 4.0, self.store_b, self.store_a, 3),
            (self.product, 5.0, self.store_a, self.store_b, 8),
            (coffee, 8.0, self.store_b, self.store_a, 40),
        ]
        transfers = self.Transfer
        snapshots = {}
        for product, qty, source, dest, days in plan:
            location = dest.warehouse_id.view_location_id
            quants = self.env["stock.quant"].search(
                [
                    ("product_id", "=", product.id),
                    ("location_id", "child_of", location.id),
                    ("location_id.usage", "=", "internal"),
                ]
            )
            before = sum(quants.mapped("quantity"))
            transfer = self._receive(
                qty, source=source, dest=dest, product=product, when=self._days(days)
            )
            snapshots[transfer.line_ids] = before
            transfers |= transfer
        for product, store, qty, days in [
            (self.product, self.store_a, 2.0, 1),
            (self.product, self.store_a, 3.0, 12),
            (coffee, self.store_a, 4.0, 4),
            (coffee, self.store_a, 5.0, 20),
            (coffee, self.store_a, 12.0, 45),
            (self.product, self.store_b, 1.0, 9),
            (self.product, self.store_b, 7.0, 30),
            (coffee, self.store_b, 2.0, 41),
        ]:
            self._deliver(store, qty, self._days(days, hours=2), product)
        self._move(
            self.customers, self.warehouse_a.lot_stock_id, 1.0, self._days(21), coffee
        )

        done_moves = self.env["stock.move"].search(
            [("state", "=", "done"), ("product_id", "in", (self.product | coffee).ids)]
        )
        expected = {}
        for line, before in snapshots.items():
            transfer = line.transfer_id
            warehouse = transfer.dest_store_id.warehouse_id
            start = transfer.date_received
            end = start + timedelta(days=window)
            sold = 0.0
            for move in done_moves.filtered(
                lambda m, line=line, start=start, end=end: (
                    m.product_id == line.product_id and start < m.date <= end
                )
            ):
                src, dst = move.location_id, move.location_dest_id
                if dst.usage == "customer" and src.warehouse_id == warehouse:
                    sold += move.product_qty
                elif src.usage == "customer" and dst.warehouse_id == warehouse:
                    sold -= move.product_qty
            saved = min(line.qty_received, max(0.0, sold - max(before, 0.0)))
            expected[line.id] = {
                "qty_before_receipt": before,
                "qty_sold_after": max(sold, 0.0),
                "units_saved": saved,
                "value_saved": saved * line.product_id.lst_price,
                "is_avoided": saved > 0,
                "store_id": transfer.dest_store_id.id,
            }
        rows = self.Report.search([("transfer_id", "in", transfers.ids)])
        self.assertEqual(set(rows.ids), set(expected))
        for row in rows:
            with self.subTest(line=row.id):
                for field, value in expected[row.id].items():
                    actual = row[field].id if field == "store_id" else row[field]
                    self.assertAlmostEqual(actual, value, msg=field)
        # The figures are not trivially equal: some lines saved, some did not.
        self.assertEqual(
            sorted(v["units_saved"] for v in expected.values()), [0.0, 3.0, 3.0, 4.0]
        )
        groups = self.Report._read_group(
            [("transfer_id", "in", transfers.ids)],
            ["store_id"],
            ["units_saved:sum", "value_saved:sum"],
        )
        totals = {store: (units, value) for store, units, value in groups}
        for store in (self.store_a, self.store_b):
            lines = [v for v in expected.values() if v["store_id"] == store.id]
            self.assertAlmostEqual(
                totals[store][0], sum(v["units_saved"] for v in lines)
            )
            self.assertAlmostEqual(
                totals[store][1], sum(v["value_saved"] for v in lines)
            )

    def test_lines_received_before_recording_are_left_out(self):
        transfer = self._receive(6.0)
        self.assertTrue(self._row(transfer))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE multistore_transfer_line SET qty_before_receipt = NULL"
                " WHERE id = %s",
                transfer.line_ids.id,
            )
        )
        self.env.invalidate_all()
        self.assertFalse(self._row(transfer))

    def test_store_scoping(self):
        into_a = self._receive(6.0)
        self._deliver(self.store_a, 5.0, self._days(1))
        into_b = self._receive(
            1.0, source=self.store_a, dest=self.store_b, when=self._days(2)
        )
        self._deliver(self.store_b, 60.0, self._days(3))
        row_a, row_b = self._row(into_a), self._row(into_b)
        self.assertTrue(row_a.is_avoided and row_b.is_avoided)
        for user in (self.staff_a, self.manager_a):
            with self.subTest(user=user.login):
                Report = self.Report.with_user(user)
                self.assertEqual(Report.search([]), row_a)
                self.assertFalse(Report.search([("store_id", "=", self.store_b.id)]))
                self.assertFalse(Report.search_count([("id", "=", row_b.id)]))
                groups = Report._read_group([], ["store_id"], ["units_saved:sum"])
                self.assertEqual(groups, [(self.store_a, 4.0)])
                legacy = Report.read_group([], ["units_saved"], ["store_id"])
                self.assertEqual([g["store_id"][0] for g in legacy], [self.store_a.id])
                with self.assertRaises(AccessError):
                    row_b.with_user(user).read(["units_saved"])
        self.assertEqual(self.Report.with_user(self.staff_b).search([]), row_b)
        self.assertFalse(self.Report.with_user(self.staff_c).search([]))
        self.assertEqual(
            self.Report.with_user(self.chain_manager).search([]), row_a | row_b
        )
        # Read-only for everyone.
        for user in (self.staff_a, self.chain_manager):
            with self.assertRaises(AccessError):
                row_a.with_user(user).write({"units_saved": 0.0})
