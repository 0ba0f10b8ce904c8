import datetime
from functools import partial

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from . import xlsx_finance, xlsx_sales, xlsx_stock
from .xlsx_formats import DATE, INTEGER, MONEY, PERCENT, QTY

# Dates a period may start or end on (the default start is eleven months
# before the end, which must stay a date).
MIN_YEAR = 1900
MAX_YEAR = 9999
FIRST_DAY = f"{MIN_YEAR}-01-01"
LAST_DAY = f"{MAX_YEAR}-12-31"


class ChainSummaryXlsx(models.AbstractModel):
    """The chain summary workbook: one sheet per report, for chosen stores.

    This file holds the workbook itself: what a request may ask for, the
    period, the formats and the table writer. The sheets are functions in
    the files of their concern: ``xlsx_sales.py``, ``xlsx_finance.py`` and
    ``xlsx_stock.py``.

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
            partial(sheet, self)
            for sheet in (*xlsx_sales.SHEETS, *xlsx_finance.SHEETS, *xlsx_stock.SHEETS)
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
