"""Sales sheets of the chain summary workbook: ranking, weekly trend, best sellers.

Each sheet is a function ``(report, workbook, ctx)`` of the workbook model
(``report.multistore_reports.chain_summary_xlsx``), listed in ``SHEETS`` in
the order of the workbook.
"""

from .xlsx_formats import DATE, MONEY


def sheet_ranking(report, workbook, ctx):
    """Stores by revenue over the period, with a column chart."""
    sheet = workbook.add_worksheet(report.env._("Ranking"))
    # The ratios are read as the pivot reads them (ratios of the sums of
    # each store, see ``multistore.report.mixin``): the two agree.
    groups = report.env["multistore.store.ranking"]._read_group(
        report._period_domain(ctx),
        ["store_id"],
        [
            "revenue:sum",
            "margin:sum",
            "margin_percent:avg",
            "order_count:sum",
            "avg_basket:avg",
            "revenue_last_year:sum",
            "growth_percent:avg",
        ],
    )
    groups.sort(key=lambda g: -(g[1] or 0.0))
    rows = [
        [rank, store.display_name, store.state_id.name or None, store.city or None]
        + list(figures)
        for rank, (store, *figures) in enumerate(groups, start=1)
    ]
    columns = [
        (report.env._("Rank"), "integer", 6),
        (report.env._("Store"), "text", 28),
        (report.env._("Region"), "text", 16),
        (report.env._("City"), "text", 16),
        (report.env._("Revenue"), "money", 14),
        (report.env._("Margin"), "money", 14),
        (report.env._("Margin (%)"), "percent", 10),
        (report.env._("Orders"), "integer", 10),
        (report.env._("Average Basket"), "money", 12),
        (report.env._("Revenue Last Year"), "money", 14),
        (report.env._("Growth (%)"), "percent", 10),
    ]
    count = report._write_table(sheet, ctx, columns, rows, freeze_cols=2)
    if count:
        chart = workbook.add_chart({"type": "column"})
        name = sheet.get_name()
        chart.add_series(
            {
                "name": report.env._("Revenue"),
                "categories": [name, 1, 1, count, 1],
                "values": [name, 1, 4, count, 4],
            }
        )
        chart.add_series(
            {
                "name": report.env._("Margin"),
                "categories": [name, 1, 1, count, 1],
                "values": [name, 1, 5, count, 5],
            }
        )
        chart.set_title({"name": report.env._("Revenue per store")})
        chart.set_y_axis({"num_format": MONEY})
        sheet.insert_chart(count + 3, 1, chart, {"x_scale": 1.5, "y_scale": 1.2})


def sheet_trend(report, workbook, ctx):
    """Weekly revenue, one column per store, with a line chart."""
    sheet = workbook.add_worksheet(report.env._("Trend"))
    groups = report.env["multistore.weekly.trend"]._read_group(
        report._period_domain(ctx),
        ["date:day", "iso_week", "store_id"],
        ["revenue:sum", "revenue_last_year:sum"],
    )
    stores = sorted({g[2] for g in groups}, key=lambda s: s.display_name)
    weeks = {}
    for week, iso_week, store, revenue, last_year in groups:
        entry = weeks.setdefault(week, {"iso_week": iso_week, "ly": 0.0})
        entry[store.id] = revenue
        entry["ly"] += last_year or 0.0
    rows = []
    for week in sorted(weeks):
        entry = weeks[week]
        values = [entry.get(store.id, 0.0) for store in stores]
        rows.append([week, entry["iso_week"], *values, sum(values), entry["ly"]])
    columns = [
        (report.env._("Week Start"), "date", 12),
        (report.env._("ISO Week"), "integer", 8),
        *[(store.display_name, "money", 14) for store in stores],
        (report.env._("Total"), "money", 14),
        (report.env._("Total Same Week Last Year"), "money", 16),
    ]
    count = report._write_table(sheet, ctx, columns, rows, freeze_cols=2)
    if count:
        chart = workbook.add_chart({"type": "line"})
        name = sheet.get_name()
        for col in range(2, len(columns)):
            chart.add_series(
                {
                    "name": [name, 0, col],
                    "categories": [name, 1, 0, count, 0],
                    "values": [name, 1, col, count, col],
                }
            )
        chart.set_title({"name": report.env._("Weekly revenue")})
        chart.set_x_axis({"date_axis": True, "num_format": DATE})
        chart.set_y_axis({"num_format": MONEY})
        sheet.insert_chart(count + 3, 0, chart, {"x_scale": 2.0, "y_scale": 1.3})


def sheet_best_sellers(report, workbook, ctx):
    sheet = workbook.add_worksheet(report.env._("Best sellers"))
    records = report.env["multistore.best.seller"].search(
        ctx["domain"], order="store_id, rank"
    )
    rows = [
        [
            rec.store_id.display_name,
            rec.rank,
            rec.product_id.display_name,
            rec.categ_id.display_name,
            rec.qty,
            rec.revenue,
            rec.margin,
            rec.revenue_share,
            rec.cumulative_share,
            dict(rec._fields["abc_class"]._description_selection(report.env))[
                rec.abc_class
            ],
        ]
        for rec in records
    ]
    columns = [
        (report.env._("Store"), "text", 28),
        (report.env._("Rank"), "integer", 6),
        (report.env._("Product"), "text", 32),
        (report.env._("Product Category"), "text", 20),
        (report.env._("Quantity"), "qty", 10),
        (report.env._("Revenue"), "money", 14),
        (report.env._("Margin"), "money", 14),
        (report.env._("Share (%)"), "percent", 10),
        (report.env._("Cumulative Share (%)"), "percent", 12),
        (report.env._("ABC Class"), "text", 8),
    ]
    report._write_table(sheet, ctx, columns, rows, freeze_cols=3)


SHEETS = (
    sheet_ranking,
    sheet_trend,
    sheet_best_sellers,
)
