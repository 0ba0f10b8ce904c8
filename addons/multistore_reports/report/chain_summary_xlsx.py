import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MONEY = "#,##0.00"
PERCENT = '0.0"%"'
INTEGER = "#,##0"
QTY = "#,##0.###"
DATE = "yyyy-mm-dd"
# Dates a period may start or end on (the default start is eleven months
# before the end, which must stay a date).
MIN_YEAR = 1900
MAX_YEAR = 9999
FIRST_DAY = f"{MIN_YEAR}-01-01"
LAST_DAY = f"{MAX_YEAR}-12-31"


class ChainSummaryXlsx(models.AbstractModel):
    """The chain summary workbook: one sheet per report, for chosen stores.

    Every figure is read through the report models with the rights of the
    user who renders it, so a store manager's workbook (downloaded or
    mailed) holds their stores only, whatever stores were asked for. The
    stores asked for are cut down to the user's allowed stores first:
    sections built on chain-wide records (loyalty history) rely on it.
    """

    _name = "report.multistore_reports.chain_summary_xlsx"
    _description = "Chain Summary Workbook"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, stores):
        self._multistore_require_group(
            "multistore_base.group_store_user",
            action=self.env._("export the chain summary"),
        )
        if self.env.user._is_store_restricted():
            stores &= self.env.user.store_ids
        date_from, date_to = self._period(data)
        ctx = {
            "stores": stores,
            "domain": [("store_id", "in", stores.ids)],
            "date_from": date_from,
            "date_to": date_to,
            "formats": self._formats(workbook),
        }
        for build in self._sheet_builders():
            build(workbook, ctx)

    def _sheet_builders(self):
        """The sheets of the workbook, in order: methods ``(workbook, ctx)``.

        The extension point of the workbook: an addon adding sheets (such as
        the bridges ``multistore_reports_inventory`` and
        ``multistore_reports_loyalty``) appends its builders to
        ``super()._sheet_builders()``.
        """
        return [
            self._sheet_ranking,
            self._sheet_trend,
            self._sheet_best_sellers,
            self._sheet_pnl,
            self._sheet_budget,
            self._sheet_suppliers,
            self._sheet_turnover,
            self._sheet_slow_stock,
        ]

    # -- request checks ------------------------------------------------------

    @api.model
    def _multistore_check_request(self, store_ids, data):
        """Check what an HTTP request asks for before rendering the workbook.

        Called by the report route with the store ids of the URL (or of the
        context): every id must be a store, and a store-restricted user must
        ask for at least one of their stores (the others are left out of
        the workbook); the period must be made of real dates. Raises
        UserError or AccessError with what to do.
        """
        self._multistore_require_group(
            "multistore_base.group_store_user",
            action=self.env._("export the chain summary"),
        )
        stores = self.env["multistore.store"].browse(store_ids)
        missing = sorted(set(store_ids) - set(stores.exists().ids))
        if missing:
            raise UserError(
                self.env._(
                    "There is no store with id %(ids)s: choose the stores in "
                    "Multistore > Stores and print the chain summary from there.",
                    ids=", ".join(str(i) for i in missing[:10]),
                )
            )
        user = self.env.user
        if stores and user._is_store_restricted() and not stores & user.store_ids:
            raise AccessError(
                self.env._(
                    "None of the stores asked for is one of your stores: print "
                    "the chain summary of %(allowed)s.",
                    allowed=", ".join(user.store_ids.mapped("display_name")) or "-",
                )
            )
        self._period(data)

    @api.model
    def _period(self, data):
        """(date_from, date_to) of ``data``: the last twelve months to date
        by default; bad values raise a UserError naming the parameter."""
        if data and not isinstance(data, dict):
            raise UserError(
                self.env._("The report options must be a set of named values.")
            )
        data = data or {}
        date_to = self._option_date(data, "date_to") or fields.Date.context_today(self)
        date_from = self._option_date(data, "date_from") or (
            date_to.replace(day=1) - relativedelta(months=11)
        )
        if date_from > date_to:
            raise UserError(
                self.env._(
                    "The period starts on %(date_from)s, after its end "
                    "(%(date_to)s): choose a start date before the end date.",
                    date_from=date_from,
                    date_to=date_to,
                )
            )
        return date_from, date_to

    @api.model
    def _option_date(self, data, key):
        value = data.get(key)
        if not value:
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        day = None
        if isinstance(value, datetime.date):
            day = value
        elif isinstance(value, str) and len(value) <= 32:
            try:
                day = fields.Date.to_date(value)
            except ValueError:
                day = None
        if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
            raise UserError(
                self.env._(
                    "%(param)s=%(value)s is not a date the report can use: "
                    "enter a date between %(min)s and %(max)s as YYYY-MM-DD.",
                    param=key,
                    value=str(value)[:40],
                    min=FIRST_DAY,
                    max=LAST_DAY,
                )
            )
        return day

    # -- helpers -------------------------------------------------------------

    def _formats(self, workbook):
        return {
            "header": workbook.add_format(
                {
                    "bold": True,
                    "bg_color": "#1F4E78",
                    "font_color": "#FFFFFF",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                }
            ),
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "money": workbook.add_format({"num_format": MONEY}),
            "percent": workbook.add_format({"num_format": PERCENT}),
            "integer": workbook.add_format({"num_format": INTEGER}),
            "qty": workbook.add_format({"num_format": QTY}),
            "date": workbook.add_format({"num_format": DATE}),
            "text": workbook.add_format({}),
        }

    def _write_table(self, sheet, ctx, columns, rows, freeze_cols=1):
        """Header on row 0, one row per record, number formats per column.

        ``columns`` is a list of (title, format key, width); ``rows`` lists
        of values in the same order. Returns the number of data rows.
        """
        formats = ctx["formats"]
        for col, (title, _fmt, width) in enumerate(columns):
            sheet.write(0, col, title, formats["header"])
            sheet.set_column(col, col, width)
        sheet.set_row(0, 30)
        for row_index, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                fmt = formats[columns[col][1]]
                if value is None or value is False:
                    sheet.write_blank(row_index, col, None, fmt)
                elif columns[col][1] == "date":
                    sheet.write_datetime(
                        row_index, col, fields.Date.to_date(value), fmt
                    )
                else:
                    sheet.write(row_index, col, value, fmt)
        sheet.freeze_panes(1, freeze_cols)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(columns) - 1)
        return len(rows)

    def _period_domain(self, ctx, field="date"):
        return [
            *ctx["domain"],
            (field, ">=", ctx["date_from"]),
            (field, "<=", ctx["date_to"]),
        ]

    @staticmethod
    def _ratio(numerator, denominator, factor=100.0):
        return factor * numerator / denominator if denominator else None

    # -- sheets --------------------------------------------------------------

    def _sheet_ranking(self, workbook, ctx):
        """Stores by revenue over the period, with a column chart."""
        sheet = workbook.add_worksheet(self.env._("Ranking"))
        groups = self.env["multistore.store.ranking"]._read_group(
            self._period_domain(ctx),
            ["store_id"],
            ["revenue:sum", "margin:sum", "order_count:sum", "revenue_last_year:sum"],
        )
        groups.sort(key=lambda g: -(g[1] or 0.0))
        rows = []
        for rank, (store, revenue, margin, orders, last_year) in enumerate(
            groups, start=1
        ):
            rows.append(
                [
                    rank,
                    store.display_name,
                    store.state_id.name or None,
                    store.city or None,
                    revenue,
                    margin,
                    self._ratio(margin, revenue),
                    orders,
                    self._ratio(revenue, orders, 1.0),
                    last_year,
                    self._ratio(revenue - last_year, last_year) if last_year else None,
                ]
            )
        columns = [
            (self.env._("Rank"), "integer", 6),
            (self.env._("Store"), "text", 28),
            (self.env._("Region"), "text", 16),
            (self.env._("City"), "text", 16),
            (self.env._("Revenue"), "money", 14),
            (self.env._("Margin"), "money", 14),
            (self.env._("Margin (%)"), "percent", 10),
            (self.env._("Orders"), "integer", 10),
            (self.env._("Average Basket"), "money", 12),
            (self.env._("Revenue Last Year"), "money", 14),
            (self.env._("Growth (%)"), "percent", 10),
        ]
        count = self._write_table(sheet, ctx, columns, rows, freeze_cols=2)
        if count:
            chart = workbook.add_chart({"type": "column"})
            name = sheet.get_name()
            chart.add_series(
                {
                    "name": self.env._("Revenue"),
                    "categories": [name, 1, 1, count, 1],
                    "values": [name, 1, 4, count, 4],
                }
            )
            chart.add_series(
                {
                    "name": self.env._("Margin"),
                    "categories": [name, 1, 1, count, 1],
                    "values": [name, 1, 5, count, 5],
                }
            )
            chart.set_title({"name": self.env._("Revenue per store")})
            chart.set_y_axis({"num_format": MONEY})
            sheet.insert_chart(count + 3, 1, chart, {"x_scale": 1.5, "y_scale": 1.2})

    def _sheet_trend(self, workbook, ctx):
        """Weekly revenue, one column per store, with a line chart."""
        sheet = workbook.add_worksheet(self.env._("Trend"))
        groups = self.env["multistore.weekly.trend"]._read_group(
            self._period_domain(ctx),
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
            (self.env._("Week Start"), "date", 12),
            (self.env._("ISO Week"), "integer", 8),
            *[(store.display_name, "money", 14) for store in stores],
            (self.env._("Total"), "money", 14),
            (self.env._("Total Same Week Last Year"), "money", 16),
        ]
        count = self._write_table(sheet, ctx, columns, rows, freeze_cols=2)
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
            chart.set_title({"name": self.env._("Weekly revenue")})
            chart.set_x_axis({"date_axis": True, "num_format": DATE})
            chart.set_y_axis({"num_format": MONEY})
            sheet.insert_chart(count + 3, 0, chart, {"x_scale": 2.0, "y_scale": 1.3})

    def _sheet_best_sellers(self, workbook, ctx):
        sheet = workbook.add_worksheet(self.env._("Best sellers"))
        records = self.env["multistore.best.seller"].search(
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
                dict(rec._fields["abc_class"]._description_selection(self.env))[
                    rec.abc_class
                ],
            ]
            for rec in records
        ]
        columns = [
            (self.env._("Store"), "text", 28),
            (self.env._("Rank"), "integer", 6),
            (self.env._("Product"), "text", 32),
            (self.env._("Product Category"), "text", 20),
            (self.env._("Quantity"), "qty", 10),
            (self.env._("Revenue"), "money", 14),
            (self.env._("Margin"), "money", 14),
            (self.env._("Share (%)"), "percent", 10),
            (self.env._("Cumulative Share (%)"), "percent", 12),
            (self.env._("ABC Class"), "text", 8),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=3)

    def _sheet_pnl(self, workbook, ctx):
        sheet = workbook.add_worksheet(self.env._("P&L"))
        records = self.env["multistore.store.pnl"].search(
            self._period_domain(ctx), order="date, store_id"
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
            (self.env._("Month"), "date", 12),
            (self.env._("Store"), "text", 28),
            (self.env._("Revenue"), "money", 14),
            (self.env._("Cost of Goods Sold"), "money", 14),
            (self.env._("Gross Margin"), "money", 14),
            (self.env._("Operating Expenses"), "money", 14),
            (self.env._("Net Result"), "money", 14),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=2)

    def _sheet_budget(self, workbook, ctx):
        sheet = workbook.add_worksheet(self.env._("Budget"))
        model = self.env["multistore.budget.report"]
        lines = dict(model._fields["line_type"]._description_selection(self.env))
        records = model.search(
            self._period_domain(ctx), order="date, store_id, line_type"
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
            (self.env._("Month"), "date", 12),
            (self.env._("Store"), "text", 28),
            (self.env._("Line"), "text", 18),
            (self.env._("Budget"), "money", 14),
            (self.env._("Actual"), "money", 14),
            (self.env._("Variance"), "money", 14),
            (self.env._("Achieved (%)"), "percent", 12),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=2)

    def _sheet_suppliers(self, workbook, ctx):
        sheet = workbook.add_worksheet(self.env._("Suppliers"))
        records = self.env["multistore.supplier.scorecard"].search(ctx["domain"])
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
            (self.env._("Vendor"), "text", 28),
            (self.env._("Store"), "text", 28),
            (self.env._("Receipts"), "integer", 10),
            (self.env._("On-time Rate (%)"), "percent", 12),
            (self.env._("Ordered"), "qty", 12),
            (self.env._("Received"), "qty", 12),
            (self.env._("Returned"), "qty", 12),
            (self.env._("Fill Rate (%)"), "percent", 12),
            (self.env._("Quality Returns (%)"), "percent", 12),
            (self.env._("Average Lead Time (days)"), "qty", 12),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=2)

    def _sheet_turnover(self, workbook, ctx):
        sheet = workbook.add_worksheet(self.env._("Turnover"))
        records = self.env["multistore.inventory.turnover"].search(ctx["domain"])
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
            (self.env._("Store"), "text", 28),
            (self.env._("Product Category"), "text", 24),
            (self.env._("COGS (365 days)"), "money", 14),
            (self.env._("Stock Value"), "money", 14),
            (self.env._("Average Stock Value"), "money", 14),
            (self.env._("Turns per Year"), "qty", 10),
            (self.env._("Days of Inventory"), "qty", 10),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=2)

    def _sheet_slow_stock(self, workbook, ctx):
        sheet = workbook.add_worksheet(self.env._("Slow stock"))
        model = self.env["multistore.slow.stock"]
        status = dict(model._fields["status"]._description_selection(self.env))
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
            (self.env._("Store"), "text", 28),
            (self.env._("Product"), "text", 32),
            (self.env._("On Hand"), "qty", 10),
            (self.env._("Stock Value"), "money", 14),
            (self.env._("Last Sale"), "date", 12),
            (self.env._("Days Since Last Sale"), "integer", 10),
            (self.env._("Status"), "text", 14),
        ]
        self._write_table(sheet, ctx, columns, rows, freeze_cols=2)
