from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from odoo.addons.multistore_reports.tests.common import MultistoreReportsCommon
from odoo.addons.multistore_reports.tests.test_xlsx import SHEETS, XlsxMixin


@tagged("post_install", "-at_install")
class TestChainSummaryLoyalty(XlsxMixin, MultistoreReportsCommon):
    def test_loyalty_sheets_follow_the_reports(self):
        stores = self.store_a | self.store_b
        book = self._export(self.chain_manager, stores)
        names = book.sheetnames
        self.assertEqual(names[: len(SHEETS)], SHEETS)
        start = names.index("Loyalty")
        self.assertGreaterEqual(start, len(SHEETS))
        self.assertEqual(names[start : start + 2], ["Loyalty", "Tier mix"])
        since = self.today.replace(day=1) - relativedelta(months=11)
        # The customers of the sales orders, per store and month.
        mix = self._rows(book["Tier mix"])
        records = self.env["multistore.loyalty.tier.mix"].search(
            [("store_id", "in", stores.ids), ("date", ">=", since)]
        )
        self.assertTrue(records)
        self.assertEqual(len(mix), len(records))
        self.assertAlmostEqual(
            sum(r["Revenue"] for r in mix), sum(records.mapped("revenue")), places=4
        )
        self.assertEqual(
            sum(r["Members"] for r in mix), sum(records.mapped("member_count"))
        )

    def test_staff_export_of_chain_wide_records_holds_only_their_store(self):
        """Loyalty history is chain-wide (no store rule): the workbook still
        shows a store's staff only their own stores' points."""
        program = self.env["loyalty.program"].create(
            {"name": "Chain Points", "program_type": "loyalty"}
        )
        card = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": self.customer.id}
        )
        self.env["loyalty.history"].sudo().create(
            [
                {
                    "card_id": card.id,
                    "description": f"Points earned in {order.store_id.name}",
                    "order_model": "pos.order",
                    "order_id": order.id,
                    "issued": points,
                }
                for order, points in ((self.pos_a1, 7.0), (self.pos_b1, 11.0))
            ]
        )
        chain = self._rows(
            self._export(self.chain_manager, self.store_a | self.store_b)["Loyalty"]
        )
        self.assertEqual(len(chain), 2)
        book = self._export(self.staff_a, self.store_a | self.store_b)
        rows = self._rows(book["Loyalty"])
        self.assertEqual(
            [(r["Store"], r["Points Issued"]) for r in rows],
            [(self.store_a.display_name, 7.0)],
        )
        self._assert_absent(book, self.store_b)
