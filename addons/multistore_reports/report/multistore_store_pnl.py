from odoo import api, fields, models
from odoo.tools import SQL


class MultistoreStorePnl(models.Model):
    """A store's month: revenue and cost of goods from the sales facts,
    operating expenses from the store's analytic account, and what is left.

    Expenses are the negative analytic amounts (rent, wages, energy booked on
    the store's account), shown as positive costs. Positive analytic amounts
    are left out: sales invoices would count the revenue a second time.
    """

    _name = "multistore.store.pnl"
    _description = "Store Profit and Loss per Month"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "date desc, store_id"
    _rec_name = "store_id"
    _report_ratios = {
        "gross_margin_percent": (("gross_margin",), ("revenue",), 100.0),
    }

    date = fields.Date(string="Month", readonly=True)
    revenue = fields.Float(digits="Product Price", readonly=True)
    cogs = fields.Float(
        string="Cost of Goods Sold", digits="Product Price", readonly=True
    )
    gross_margin = fields.Float(digits="Product Price", readonly=True)
    gross_margin_percent = fields.Float(
        string="Gross Margin (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )
    expenses = fields.Float(
        string="Operating Expenses", digits="Product Price", readonly=True
    )
    net = fields.Float(string="Net Result", digits="Product Price", readonly=True)

    @api.model
    def _analytic_expenses_sql(self):
        """Monthly expenses per store from every analytic plan column.

        The store's account may belong to any analytic plan, and each plan is
        its own column of account.analytic.line in Odoo 18.
        """
        line_model = self.env["account.analytic.line"]
        match = SQL(" OR ").join(
            SQL("aal.%s = s.analytic_account_id", SQL.identifier(fname))
            for fname in line_model._get_plan_fnames()
            if line_model._fields[fname].store
        )
        return SQL(
            """
            SELECT s.id AS store_id, date_trunc('month', aal.date)::date AS date,
                   -SUM(aal.amount) AS expenses
              FROM account_analytic_line aal
              JOIN multistore_store s ON s.analytic_account_id IS NOT NULL
                   AND (%(match)s)
             WHERE aal.amount < 0
             GROUP BY s.id, date_trunc('month', aal.date)
            """,
            match=match,
        )

    def _with(self):
        return SQL(
            """
            sales AS (
                SELECT store_id, date_trunc('month', date)::date AS date,
                       SUM(revenue) AS revenue, SUM(cost) AS cogs
                  FROM %(facts)s
                 GROUP BY store_id, date_trunc('month', date)
            ), expenses AS (%(expenses)s),
            months AS (
                SELECT store_id, date FROM sales
                UNION SELECT store_id, date FROM expenses
            )
            """,
            facts=SQL.identifier(self.env["multistore.store.day.fact"]._table),
            expenses=self._analytic_expenses_sql(),
        )

    def _select(self):
        return SQL(
            """
            row_number() OVER (ORDER BY m.date, m.store_id) AS id,
            m.date, m.store_id, s.company_id, s.state_id, s.city,
            COALESCE(sa.revenue, 0) AS revenue,
            COALESCE(sa.cogs, 0) AS cogs,
            COALESCE(sa.revenue, 0) - COALESCE(sa.cogs, 0) AS gross_margin,
            100.0 * (COALESCE(sa.revenue, 0) - COALESCE(sa.cogs, 0))
                / NULLIF(sa.revenue, 0) AS gross_margin_percent,
            COALESCE(e.expenses, 0) AS expenses,
            COALESCE(sa.revenue, 0) - COALESCE(sa.cogs, 0)
                - COALESCE(e.expenses, 0) AS net
            """
        )

    def _from(self):
        return SQL(
            """
            months m
            JOIN multistore_store s ON s.id = m.store_id
            LEFT JOIN sales sa ON sa.store_id = m.store_id AND sa.date = m.date
            LEFT JOIN expenses e ON e.store_id = m.store_id AND e.date = m.date
            """
        )
