"""Money sheets of the chain summary workbook: store P&L, budget vs actual.

Each sheet is a function ``(report, workbook, ctx)`` of the workbook model
(``report.multistore_reports.chain_summary_xlsx``), listed in ``SHEETS`` in
the order of the workbook.
"""


def sheet_pnl(report, workbook, ctx):
    sheet = workbook.add_worksheet(report.env._("P&L"))
    records = report.env["multistore.store.pnl"].search(
        report._period_domain(ctx), order="date, store_id"
    )
    rows = [
        [
            rec.date,
            rec.store_id.display_name,
            rec.revenue,
            rec.cogs,
            rec.gross_margin,
            rec.expenses,
            rec.net,
        ]
        for rec in records
    ]
    columns = [
        (report.env._("Month"), "date", 12),
        (report.env._("Store"), "text", 28),
        (report.env._("Revenue"), "money", 14),
        (report.env._("Cost of Goods Sold"), "money", 14),
        (report.env._("Gross Margin"), "money", 14),
        (report.env._("Operating Expenses"), "money", 14),
        (report.env._("Net Result"), "money", 14),
    ]
    report._write_table(sheet, ctx, columns, rows, freeze_cols=2)


def sheet_budget(report, workbook, ctx):
    sheet = workbook.add_worksheet(report.env._("Budget"))
    model = report.env["multistore.budget.report"]
    lines = dict(model._fields["line_type"]._description_selection(report.env))
    records = model.search(
        report._period_domain(ctx), order="date, store_id, line_type"
    )
    rows = [
        [
            rec.date,
            rec.store_id.display_name,
            lines[rec.line_type],
            rec.budget,
            rec.actual,
            rec.variance,
            rec.achieved_percent if rec.budget else None,
        ]
        for rec in records
    ]
    columns = [
        (report.env._("Month"), "date", 12),
        (report.env._("Store"), "text", 28),
        (report.env._("Line"), "text", 18),
        (report.env._("Budget"), "money", 14),
        (report.env._("Actual"), "money", 14),
        (report.env._("Variance"), "money", 14),
        (report.env._("Achieved (%)"), "percent", 12),
    ]
    report._write_table(sheet, ctx, columns, rows, freeze_cols=2)


SHEETS = (
    sheet_pnl,
    sheet_budget,
)
