from collections import defaultdict
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import MultistoreReportsCommon


@tagged("post_install", "-at_install")
class TestStockReports(MultistoreReportsCommon):
    """Supplier scorecard, inventory turnover, slow and dead stock."""

    def test_supplier_scorecard(self):
        row = self.env["multistore.supplier.scorecard"].search(
            [("partner_id", "=", self.vendor.id), ("store_id", "=", self.store_a.id)]
        )
        receipts = (self.po_late | self.po_ok).picking_ids.filtered(
            lambda p: p.picking_type_id.code == "incoming" and p.state == "done"
        )
        self.assertEqual(row.receipt_count, len(receipts))
        self.assertEqual(row.receipt_count, 2)
        self.assertAlmostEqual(row.on_time_rate, 50.0, places=4)
        self.assertAlmostEqual(row.qty_ordered, 14.0, places=4)
        self.assertAlmostEqual(row.qty_received, 10.0, places=4)
        self.assertAlmostEqual(row.qty_returned, 1.0, places=4)
        self.assertAlmostEqual(row.fill_rate, 100 * 10 / 14, places=4)
        self.assertAlmostEqual(row.return_rate, 10.0, places=4)
        lead = [
            (p.date_done - p.purchase_id.date_approve).total_seconds() / 86400
            for p in receipts
        ]
        self.assertAlmostEqual(row.avg_lead_days, sum(lead) / len(lead), places=3)
        row_b = self.env["multistore.supplier.scorecard"].search(
            [("partner_id", "=", self.vendor.id), ("store_id", "=", self.store_b.id)]
        )
        self.assertAlmostEqual(row_b.qty_ordered, 5.0, places=4)
        self.assertFalse(row_b.receipt_count)
        self.assertFalse(row_b.qty_received)

    def _month_end_values(self, store):
        """Closing stock value per (category, month) of ``store`` over the
        last twelve months, worked out from the quants and the done move
        lines with the ORM (not from the fact tables)."""
        this_month = self.today.replace(day=1)
        months = [fields.Date.subtract(this_month, months=k) for k in range(12)]
        in_store = self.env["stock.location"].search(
            [
                ("usage", "=", "internal"),
                ("warehouse_id", "=", store.warehouse_id.id),
            ]
        )
        qty = defaultdict(float)
        for quant in self.env["stock.quant"].search(
            [("location_id", "in", in_store.ids)]
        ):
            qty[quant.product_id] += quant.quantity
        move_lines = self.env["stock.move.line"].search(
            [
                ("state", "=", "done"),
                "|",
                ("location_id", "in", in_store.ids),
                ("location_dest_id", "in", in_store.ids),
            ]
        )
        layers = self.env["stock.valuation.layer"].search([])

        def unit_cost(product, month, next_month):
            """Past months: value / quantity of the layers until then."""
            if month == this_month:
                return product.standard_price
            until = layers.filtered(
                lambda lay: (
                    lay.product_id == product and lay.create_date.date() < next_month
                )
            )
            quantity = sum(until.mapped("quantity"))
            if quantity > 0:
                return sum(until.mapped("value")) / quantity
            return product.standard_price

        values = defaultdict(float)
        for month in months:
            next_month = fields.Date.add(month, months=1)
            closing = defaultdict(float, qty)
            for ml in move_lines:
                if ml.date.date() < next_month:
                    continue
                sign = (ml.location_dest_id in in_store) - (ml.location_id in in_store)
                closing[ml.product_id] -= sign * ml.quantity_product_uom
            for product, quantity in closing.items():
                values[(product.categ_id, month)] += quantity * unit_cost(
                    product, month, next_month
                )
        # The average runs over the months since the store first had stock.
        with_stock = [m for m in months if any(values[(c, m)] for c, _m in values)]
        n_months = months.index(min(with_stock)) + 1 if with_stock else 1
        return values, months, n_months

    def _assert_turnover(self, store):
        since = self.today - timedelta(days=365)
        cogs = defaultdict(float)
        for line_store, product, day, _q, _r, _d, cost, _k in self._expected_lines():
            if line_store == store and day > since:
                cogs[product.categ_id] += cost
        values, months, n_months = self._month_end_values(store)
        categs = {c for c, _m in values} | set(cogs)
        rows = self.env["multistore.inventory.turnover"].search(
            [("store_id", "=", store.id)]
        )
        self.assertEqual(rows.categ_id, self.env["product.category"].union(*categs))
        for row in rows:
            categ = row.categ_id
            average = sum(values[(categ, m)] for m in months) / n_months
            self.assertAlmostEqual(row.cogs, cogs[categ], places=4)
            self.assertAlmostEqual(
                row.stock_value, values[(categ, months[0])], places=4
            )
            self.assertAlmostEqual(row.avg_stock_value, average, places=4)
            if cogs[categ] and average:
                self.assertAlmostEqual(row.turns, cogs[categ] / average, places=4)
                self.assertAlmostEqual(
                    row.days_of_inventory, 365 * average / cogs[categ], places=3
                )
            else:
                self.assertFalse(row.turns)
        return rows

    def test_inventory_turnover(self):
        for store in self.store_a | self.store_b:
            self._assert_turnover(store)
        # Tea in A today: 6 received at 4.0 + 5 jars of jam at 2.5; the jam
        # was there all year, the tea arrived this month.
        tea = self.env["multistore.inventory.turnover"].search(
            [("store_id", "=", self.store_a.id), ("categ_id", "=", self.categ_tea.id)]
        )
        self.assertAlmostEqual(tea.stock_value, 6 * 4.0 + 5 * 2.5, places=4)
        self.assertAlmostEqual(
            tea.avg_stock_value, (12 * 5 * 2.5 + 6 * 4.0) / 12, places=4
        )

    def test_turnover_stock_history(self):
        """A receipt dated months ago counts in every month-end since (full
        rebuild), at the value per unit of that time; an hourly refresh
        rewrites only the current month."""
        Fact = self.env["multistore.sales.fact"]
        receipt = self.po_late.picking_ids
        three_months_ago = fields.Datetime.subtract(fields.Datetime.now(), months=3)
        receipt.move_ids.move_line_ids.date = three_months_ago
        receipt.move_ids.date = three_months_ago
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_valuation_layer SET create_date = %s"
            " WHERE stock_move_id = ANY(%s)",
            (three_months_ago, receipt.move_ids.ids),
        )
        self.env.invalidate_all()
        # Tea costs 5.00 from today on (a revaluation layer of today).
        self.product.standard_price = 5.0
        Fact._refresh_facts(full=True)
        tea = self._assert_turnover(self.store_a).filtered(
            lambda r: r.categ_id == self.categ_tea
        )
        # Jam all year at 2.50; tea at 4.00 at three past month-ends, then
        # at 5.00 today.
        self.assertAlmostEqual(
            tea.avg_stock_value,
            (12 * 5 * 2.5 + 3 * 6 * 4.0 + 6 * 5.0) / 12,
            places=4,
        )
        before = self._fact_snapshot()["multistore.stock.month.fact"]
        # Two more jars today: the current month moves, history does not.
        self.env["stock.quant"]._update_available_quantity(
            self.jam, self.warehouse_a.lot_stock_id, 2.0
        )
        Fact._refresh_facts()
        after = self._fact_snapshot()["multistore.stock.month.fact"]
        this_month = self.today.replace(day=1)
        self.assertEqual(
            [r for r in before if r[2] != this_month],
            [r for r in after if r[2] != this_month],
        )
        tea_now = [
            r
            for r in after
            if r[:3] == (self.store_a.id, self.categ_tea.id, this_month)
        ]
        self.assertAlmostEqual(tea_now[0][4], 6 * 5.0 + 7 * 2.5, places=4)

    def test_turnover_leaves_out_services(self):
        """A category sold without cost and never stocked (a reward line,
        a fee) is no line of the turnover."""
        services = self.env["product.category"].create({"name": "Fees"})
        fee = self.env["product.product"].create(
            {"name": "Gift Wrapping", "type": "service", "categ_id": services.id}
        )
        self._pos_order(self.session_a, [(fee, 1, 2.0, 0.0)], self.day)
        self.env["multistore.sales.fact"]._refresh_facts()
        self.assertTrue(
            self.env["multistore.sales.fact"].search([("product_id", "=", fee.id)])
        )
        self.assertFalse(
            self.env["multistore.inventory.turnover"].search(
                [("categ_id", "=", services.id)]
            )
        )

    def test_turnover_month_facts(self):
        """The monthly category facts are the sum of the daily ones."""
        days = self.env["multistore.category.day.fact"].search([])
        expected = defaultdict(float)
        for fact in days:
            key = (fact.store_id, fact.categ_id, fact.date.replace(day=1))
            expected[key] += fact.cost
        months = self.env["multistore.category.month.fact"].search([])
        self.assertEqual(
            {(m.store_id, m.categ_id, m.date) for m in months}, set(expected)
        )
        self.assertGreater(len({m.date for m in months}), 1)
        for month in months:
            key = (month.store_id, month.categ_id, month.date)
            self.assertAlmostEqual(month.cost, expected[key], places=4)

    def test_slow_and_dead_stock(self):
        rows = self.env["multistore.slow.stock"].search(
            [("store_id", "=", self.store_a.id)]
        )
        by_product = {row.product_id: row for row in rows}
        self.assertEqual(set(by_product), {self.product, self.coffee, self.jam})
        jam = by_product[self.jam]
        self.assertEqual(jam.status, "dead")
        self.assertFalse(jam.last_sale_date)
        self.assertAlmostEqual(jam.stock_value, 12.5, places=4)
        tea = by_product[self.product]
        self.assertEqual(tea.status, "active")
        self.assertEqual(tea.last_sale_date, self.day)
        self.assertEqual(tea.days_since_sale, (fields.Date.today() - self.day).days)
        self.assertAlmostEqual(tea.qty_on_hand, 6.0, places=4)
        self.assertAlmostEqual(tea.qty_sold_90, 26.0, places=4)
        self.assertAlmostEqual(tea.sell_through, 100 * 26 / 32, places=4)
        # No sale for 30 days after 30 days: slow with a short threshold.
        self.env["ir.config_parameter"].sudo().set_param(
            "multistore_reports.slow_moving_days", 1
        )
        self.env.invalidate_all()
        tea = self.env["multistore.slow.stock"].search(
            [("store_id", "=", self.store_a.id), ("product_id", "=", self.product.id)]
        )
        self.assertEqual(tea.status, "slow")
