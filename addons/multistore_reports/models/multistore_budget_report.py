from odoo import fields, models
from odoo.tools import SQL


class MultistoreBudgetReport(models.Model):
    """Each budget line beside what the store actually did that month.

    Actual revenue comes from the sales facts, actual expenses from the
    store P&L (analytic account), so the three reports agree.
    """

    _name = "multistore.budget.report"
    _description = "Budget vs Actual"
    _inherit = ["multistore.store.report.mixin"]
    _auto = False
    _order = "date desc, store_id, line_type"
    _rec_name = "store_id"

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

    @property
    def _table_query(self):
        pnl = self.env["multistore.store.pnl"]
        return SQL(
            """
            WITH pnl AS %(pnl)s
            SELECT b.id, b.id AS budget_id, b.date, b.store_id, b.company_id,
                   s.state_id, s.city, b.line_type, b.amount AS budget,
                   COALESCE(CASE WHEN b.line_type = 'revenue' THEN p.revenue
                                 ELSE p.expenses END, 0) AS actual,
                   COALESCE(CASE WHEN b.line_type = 'revenue' THEN p.revenue
                                 ELSE p.expenses END, 0) - b.amount AS variance,
                   100.0 * COALESCE(CASE WHEN b.line_type = 'revenue'
                                         THEN p.revenue ELSE p.expenses END, 0)
                       / NULLIF(b.amount, 0) AS achieved_percent
              FROM multistore_budget b
              JOIN multistore_store s ON s.id = b.store_id
              LEFT JOIN pnl p ON p.store_id = b.store_id AND p.date = b.date
            """,
            pnl=pnl._table_sql,
        )
