from odoo import fields, models
from odoo.tools import SQL


class MultistoreWeeklyTrend(models.Model):
    """Revenue per store and ISO week beside the same week one year earlier.

    Retail compares weeks, not dates: week 12 of this year against week 12
    of last year has the same weekdays and, usually, the same season. The
    growth of a group of weeks is the ratio of its sums. Weeks are the weeks
    of the sales' local days (store time zone, see the sales facts).
    """

    _name = "multistore.weekly.trend"
    _description = "Weekly Trend per Store"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "date desc, store_id"
    _rec_name = "store_id"
    _report_ratios = {
        "growth_percent": (
            ("revenue_compared", "-revenue_last_year"),
            ("revenue_last_year",),
            100.0,
        ),
    }

    date = fields.Date(string="Week Start", readonly=True)
    iso_year = fields.Integer(string="ISO Year", readonly=True, aggregator=False)
    iso_week = fields.Integer(string="ISO Week", readonly=True, aggregator=False)
    revenue = fields.Float(digits="Product Price", readonly=True)
    margin = fields.Float(digits="Product Price", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    revenue_last_year = fields.Float(
        string="Revenue Same Week Last Year", digits="Product Price", readonly=True
    )
    revenue_compared = fields.Float(
        string="Revenue with Last Year",
        digits="Product Price",
        readonly=True,
        help="Revenue of the weeks that have a revenue one year earlier: what "
        "the growth compares.",
    )
    growth_percent = fields.Float(
        string="Growth (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )

    def _with(self):
        return SQL(
            """
            week AS (
                SELECT store_id, company_id,
                       date_trunc('week', date)::date AS date,
                       EXTRACT(isoyear FROM date)::int AS iso_year,
                       EXTRACT(week FROM date)::int AS iso_week,
                       SUM(revenue) AS revenue, SUM(margin) AS margin,
                       SUM(order_count) AS order_count
                  FROM %(facts)s
                 GROUP BY store_id, company_id, date_trunc('week', date),
                          EXTRACT(isoyear FROM date), EXTRACT(week FROM date)
            )
            """,
            facts=SQL.identifier(self.env["multistore.store.day.fact"]._table),
        )

    def _select(self):
        return SQL(
            """
            row_number() OVER (ORDER BY w.date, w.store_id) AS id,
            w.date, w.iso_year, w.iso_week, w.store_id, w.company_id,
            s.state_id, s.city, w.revenue, w.margin, w.order_count,
            ly.revenue AS revenue_last_year,
            CASE WHEN ly.revenue IS NOT NULL THEN w.revenue END
                AS revenue_compared,
            100.0 * (w.revenue - ly.revenue) / NULLIF(ly.revenue, 0)
                AS growth_percent
            """
        )

    def _from(self):
        return SQL(
            """
            week w
            JOIN multistore_store s ON s.id = w.store_id
            LEFT JOIN week ly ON ly.store_id = w.store_id
                 AND ly.iso_year = w.iso_year - 1 AND ly.iso_week = w.iso_week
            """
        )
