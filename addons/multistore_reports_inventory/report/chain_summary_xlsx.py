from odoo import fields, models


class ChainSummaryXlsx(models.AbstractModel):
    """The chain summary workbook, with the sheets of multistore_inventory."""

    _inherit = "report.multistore_reports.chain_summary_xlsx"

    def _sheet_builders(self):
        return [
            *super()._sheet_builders(),
            self._sheet_transfers,
            self._sheet_stockouts_avoided,
        ]

    def _sheet_transfers(self, workbook, ctx):
        """Goods shipped between stores and not yet received."""
        sheet = workbook.add_worksheet(self.env._("Transfers in transit"))
        stores = ctx["stores"].ids
        lines = self.env["multistore.transfer.line"].search(
            [
                ("transfer_id.state", "=", "shipped"),
                "|",
                ("transfer_id.source_store_id", "in", stores),
                ("transfer_id.dest_store_id", "in", stores),
            ]
        )
        rows = [
            [
                line.transfer_id.name,
                line.transfer_id.source_store_id.display_name,
                line.transfer_id.dest_store_id.display_name,
                line.transfer_id.date_shipped
                and fields.Date.to_date(line.transfer_id.date_shipped),
                line.product_id.display_name,
                line.qty_shipped,
            ]
            for line in lines
        ]
        columns = [
            (self.env._("Transfer"), "text", 16),
            (self.env._("From"), "text", 24),
            (self.env._("To"), "text", 24),
            (self.env._("Shipped On"), "date", 12),
            (self.env._("Product"), "text", 32),
            (self.env._("Quantity Shipped"), "qty", 12),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=1)

    def _sheet_stockouts_avoided(self, workbook, ctx):
        """Transfers received in the period that saved sales.

        A line saved units when the receiving store sold, in the days after
        the receipt, more than it had before it; valued at sales price. Rows
        belong to the receiving store; the sending store is left out so that
        a store's workbook names no other store.
        """
        sheet = workbook.add_worksheet(self.env._("Stock-outs avoided"))
        records = self.env["multistore.stockout.avoided"].search(
            [*self._period_domain(ctx), ("is_avoided", "=", True)],
            order="date, store_id, id",
        )
        rows = [
            [
                rec.date,
                rec.store_id.display_name,
                rec.transfer_id.name,
                rec.product_id.display_name,
                rec.categ_id.display_name,
                rec.qty_received,
                rec.qty_before_receipt,
                rec.qty_sold_after,
                rec.units_saved,
                rec.value_saved,
            ]
            for rec in records
        ]
        columns = [
            (self.env._("Received On"), "date", 12),
            (self.env._("Store"), "text", 28),
            (self.env._("Transfer"), "text", 16),
            (self.env._("Product"), "text", 32),
            (self.env._("Product Category"), "text", 20),
            (self.env._("Received"), "qty", 10),
            (self.env._("On Hand Before Receipt"), "qty", 12),
            (self.env._("Sold in Window"), "qty", 10),
            (self.env._("Units Saved"), "qty", 10),
            (self.env._("Value Saved (at Sales Price)"), "money", 14),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=2)
