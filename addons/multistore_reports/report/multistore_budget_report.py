from odoo import fields, models
from odoo.tools import SQL


class MultistoreBudgetReport(models.Model):
    """Each budget line beside what the store actually did that month.

    Actual revenue comes from the sales facts, actual expenses from the
    store P&L (analytic account), so the three reports agree. The achieved
    share of a group is its actual over its budget (ratio of sums).
    """

    _name = "multistore.budget.report"
    _description = "Budget vs Actual"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "date desc, store_id, line_type"
    _rec_name = "store_id"
    _report_ratios = {"achieved_percent": (("actual",), ("budget",), 100.0)}

    budget_id = fields.Many2one(
        "multistore.budget", string="Budget Line", readonly=True
    )
    date = fields.Date(string="Month", readonly=True)
    line_type = fields.Selection(
        [("revenue", "Revenue"), ("expense", "Operating Expenses")],
        string="Line",
        readonly=True,
    )
    budget = fields.Float(digits="Product Price", readonly=True)
    actual = fields.Float(digits="Product Price", readonly=True)
    variance = fields.Float(
        digits="Product Price", readonly=True, help="Actual minus budget."
    )
    achieved_percent = fields.Float(
        string="Achieved (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )

    def _with(self):
        return SQL("pnl AS %s", self.env["multistore.store.pnl"]._table_sql)

    def _select(self):
        actual = SQL(
            "COALESCE(CASE WHEN b.line_type = 'revenue' THEN p.revenue"
            " ELSE p.expenses END, 0)"
        )
        return SQL(
            """
            b.id, b.id AS budget_id, b.date, b.store_id, b.company_id,
            s.state_id, s.city, b.line_type, b.amount AS budget,
            %(actual)s AS actual,
            %(actual)s - b.amount AS variance,
            100.0 * %(actual)s / NULLIF(b.amount, 0) AS achieved_percent
            """,
            actual=actual,
        )

    def _from(self):
        return SQL(
            """
            multistore_budget b
            JOIN multistore_store s ON s.id = b.store_id
            LEFT JOIN pnl p ON p.store_id = b.store_id AND p.date = b.date
            """
        )
