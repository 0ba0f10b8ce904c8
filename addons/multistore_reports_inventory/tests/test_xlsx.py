from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.multistore_reports.tests.common import MultistoreReportsCommon
from odoo.addons.multistore_reports.tests.test_xlsx import SHEETS, XlsxMixin


@tagged("post_install", "-at_install")
class TestChainSummaryInventory(XlsxMixin, MultistoreReportsCommon):
    def test_inventory_sheets_follow_the_reports(self):
        book = self._export(self.chain_manager, self.store_a | self.store_b)
        names = book.sheetnames
        self.assertEqual(names[: len(SHEETS)], SHEETS)
        start = names.index("Transfers in transit")
        self.assertGreaterEqual(start, len(SHEETS))
        self.assertEqual(
            names[start : start + 2], ["Transfers in transit", "Stock-outs avoided"]
        )

    def _received_transfer(self, source, dest, product, qty, received_at):
        """A transfer between stores, received on ``received_at``."""
        transfer = self.env["multistore.transfer"].create(
            {
                "source_store_id": source.id,
                "dest_store_id": dest.id,
                "line_ids": [
                    Command.create({"product_id": product.id, "qty_requested": qty})
                ],
            }
        )
        transfer.action_request()
        transfer.action_approve()
        transfer.action_ship()
        transfer.action_fill_received()
        transfer.action_receive()
        transfer.sudo().date_received = received_at
        return transfer

    def _deliver(self, store, product, qty, when):
        """A done delivery to a customer from ``store``, dated ``when``."""
        move = self.env["stock.move"].create(
            {
                "name": "delivery",
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": qty,
                "location_id": store.warehouse_id.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }
        )
        move._action_confirm()
        move.quantity = qty
        move.picked = True
        move._action_done()
        move.date = when

    def test_stockouts_avoided_sheet(self):
        Product = self.env["product.product"]
        tin = Product.create({"name": "Tea Tin", "is_storable": True, "list_price": 15})
        jar = Product.create(
            {"name": "Honey Jar", "is_storable": True, "list_price": 8}
        )
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(tin, self.warehouse_b.lot_stock_id, 10.0)
        Quant._update_available_quantity(tin, self.warehouse_a.lot_stock_id, 1.0)
        Quant._update_available_quantity(jar, self.warehouse_a.lot_stock_id, 5.0)
        now = fields.Datetime.now()
        # More than a year ago: outside the workbook's period.
        old = self._received_transfer(
            self.store_b, self.store_a, tin, 2.0, now - relativedelta(days=400)
        )
        self._deliver(self.store_a, tin, 3.0, now - relativedelta(days=398))
        # A had 0 tins left, received 4 and sold 3 within the window.
        recent = self._received_transfer(
            self.store_b, self.store_a, tin, 4.0, now - relativedelta(days=10)
        )
        self._deliver(self.store_a, tin, 3.0, now - relativedelta(days=8))
        # B had no jar, received 2 and sold 2.
        into_b = self._received_transfer(
            self.store_a, self.store_b, jar, 2.0, now - relativedelta(days=5)
        )
        self._deliver(self.store_b, jar, 2.0, now - relativedelta(days=4))
        report = self.env["multistore.stockout.avoided"]
        self.assertEqual(report.search([("transfer_id", "=", old.id)]).units_saved, 2.0)

        book = self._export(self.chain_manager, self.store_a | self.store_b)
        rows = self._rows(book["Stock-outs avoided"])
        self.assertEqual(
            [(r["Transfer"], r["Store"]) for r in rows],
            [
                (recent.name, self.store_a.display_name),
                (into_b.name, self.store_b.display_name),
            ],
        )
        # The receipt's day in the company's time zone.
        recent_row = report.search([("transfer_id", "=", recent.id)])
        self.assertEqual(rows[0]["Received On"].date(), recent_row.date)
        self.assertEqual(rows[0]["Product"], tin.display_name)
        self.assertEqual(rows[0]["On Hand Before Receipt"], 0.0)
        self.assertEqual(rows[0]["Sold in Window"], 3.0)
        self.assertEqual(rows[0]["Units Saved"], 3.0)
        self.assertAlmostEqual(rows[0]["Value Saved (at Sales Price)"], 45.0)
        self.assertAlmostEqual(rows[1]["Value Saved (at Sales Price)"], 16.0)
        # A store manager's workbook holds the rows of their store only, and
        # names no other store (not even the one that sent the goods).
        manager_book = self._export(self.manager_a, self.store_a | self.store_b)
        manager_rows = self._rows(manager_book["Stock-outs avoided"])
        self.assertEqual([r["Transfer"] for r in manager_rows], [recent.name])
        self._assert_absent(manager_book, self.store_b)
