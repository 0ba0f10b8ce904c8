"""Stock sheets of the chain summary workbook: suppliers, turnover, slow stock.

Each sheet is a function ``(report, workbook, ctx)`` of the workbook model
(``report.multistore_reports.chain_summary_xlsx``), listed in ``SHEETS`` in
the order of the workbook.
"""


def sheet_suppliers(report, workbook, ctx):
    sheet = workbook.add_worksheet(report.env._("Suppliers"))
    records = report.env["multistore.supplier.scorecard"].search(ctx["domain"])
    rows = [
        [
            rec.partner_id.display_name,
            rec.store_id.display_name,
            rec.receipt_count,
            rec.on_time_rate if rec.receipt_count else None,
            rec.qty_ordered,
            rec.qty_received,
            rec.qty_returned,
            rec.fill_rate if rec.qty_ordered else None,
            rec.return_rate if rec.qty_received else None,
            rec.avg_lead_days if rec.receipt_count else None,
        ]
        for rec in records
    ]
    columns = [
        (report.env._("Vendor"), "text", 28),
        (report.env._("Store"), "text", 28),
        (report.env._("Receipts"), "integer", 10),
        (report.env._("On-time Rate (%)"), "percent", 12),
        (report.env._("Ordered"), "qty", 12),
        (report.env._("Received"), "qty", 12),
        (report.env._("Returned"), "qty", 12),
        (report.env._("Fill Rate (%)"), "percent", 12),
        (report.env._("Quality Returns (%)"), "percent", 12),
        (report.env._("Average Lead Time (days)"), "qty", 12),
    ]
    report._write_table(sheet, ctx, columns, rows, freeze_cols=2)


def sheet_turnover(report, workbook, ctx):
    sheet = workbook.add_worksheet(report.env._("Turnover"))
    records = report.env["multistore.inventory.turnover"].search(ctx["domain"])
    rows = [
        [
            rec.store_id.display_name,
            rec.categ_id.display_name,
            rec.cogs,
            rec.stock_value,
            rec.avg_stock_value,
            rec.turns if rec.avg_stock_value else None,
            rec.days_of_inventory if rec.cogs else None,
        ]
        for rec in records
    ]
    columns = [
        (report.env._("Store"), "text", 28),
        (report.env._("Product Category"), "text", 24),
        (report.env._("COGS (365 days)"), "money", 14),
        (report.env._("Stock Value"), "money", 14),
        (report.env._("Average Stock Value"), "money", 14),
        (report.env._("Turns per Year"), "qty", 10),
        (report.env._("Days of Inventory"), "qty", 10),
    ]
    report._write_table(sheet, ctx, columns, rows, freeze_cols=2)


def sheet_slow_stock(report, workbook, ctx):
    sheet = workbook.add_worksheet(report.env._("Slow stock"))
    model = report.env["multistore.slow.stock"]
    status = dict(model._fields["status"]._description_selection(report.env))
    records = model.search([*ctx["domain"], ("status", "!=", "active")])
    rows = [
        [
            rec.store_id.display_name,
            rec.product_id.display_name,
            rec.qty_on_hand,
            rec.stock_value,
            rec.last_sale_date or None,
            rec.days_since_sale if rec.last_sale_date else None,
            status[rec.status],
        ]
        for rec in records
    ]
    columns = [
        (report.env._("Store"), "text", 28),
        (report.env._("Product"), "text", 32),
        (report.env._("On Hand"), "qty", 10),
        (report.env._("Stock Value"), "money", 14),
        (report.env._("Last Sale"), "date", 12),
        (report.env._("Days Since Last Sale"), "integer", 10),
        (report.env._("Status"), "text", 14),
    ]
    report._write_table(sheet, ctx, columns, rows, freeze_cols=2)


SHEETS = (
    sheet_suppliers,
    sheet_turnover,
    sheet_slow_stock,
)
