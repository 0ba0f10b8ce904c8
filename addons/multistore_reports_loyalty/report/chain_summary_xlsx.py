from odoo import models


class ChainSummaryXlsx(models.AbstractModel):
    """The chain summary workbook, with the sheets of multistore_loyalty."""

    _inherit = "report.multistore_reports.chain_summary_xlsx"

    def _sheet_builders(self):
        return [*super()._sheet_builders(), self._sheet_loyalty, self._sheet_tier_mix]

    def _sheet_loyalty(self, workbook, ctx):
        """Points issued and used per store.

        The loyalty history is chain-wide (no store rule): the stores of
        ``ctx`` are already cut down to the reader's stores.
        """
        sheet = workbook.add_worksheet(self.env._("Loyalty"))
        groups = self.env["loyalty.history"]._read_group(
            ctx["domain"], ["store_id"], ["issued:sum", "used:sum"]
        )
        rows = [
            [store.display_name, issued, used, issued - used]
            for store, issued, used in groups
        ]
        columns = [
            (self.env._("Store"), "text", 28),
            (self.env._("Points Issued"), "qty", 14),
            (self.env._("Points Used"), "qty", 14),
            (self.env._("Balance"), "qty", 14),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=1)

    def _sheet_tier_mix(self, workbook, ctx):
        """Customers per store, month and member tier."""
        sheet = workbook.add_worksheet(self.env._("Tier mix"))
        records = self.env["multistore.loyalty.tier.mix"].search(
            self._period_domain(ctx), order="date, store_id, tier_id"
        )
        rows = [
            [
                rec.store_id.display_name,
                rec.date,
                rec.tier_id.name or self.env._("No tier"),
                rec.member_count,
                rec.order_count,
                rec.revenue,
            ]
            for rec in records
        ]
        columns = [
            (self.env._("Store"), "text", 28),
            (self.env._("Month"), "date", 12),
            (self.env._("Member Tier"), "text", 16),
            (self.env._("Members"), "integer", 10),
            (self.env._("Orders"), "integer", 10),
            (self.env._("Revenue"), "money", 14),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=1)
