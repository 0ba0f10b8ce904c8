from odoo import fields, models
from odoo.tools import SQL


class MultistoreStoreRanking(models.Model):
    """Stores side by side per month, with growth on the same month last year.

    Reads the store-day facts (a few rows per store and day), never the
    order lines. The region fields (state, city) make it the region summary
    too: group the same figures by region instead of by store. Margin %,
    average basket and growth of a group (several months, a region) are
    ratios of its sums.
    """

    _name = "multistore.store.ranking"
    _description = "Store Ranking per Month"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "date desc, revenue desc"
    _rec_name = "store_id"
    _report_ratios = {
        "margin_percent": (("margin",), ("revenue",), 100.0),
        "avg_basket": (("revenue",), ("order_count",), 1.0),
        "growth_percent": (
            ("revenue_compared", "-revenue_last_year"),
            ("revenue_last_year",),
            100.0,
        ),
    }

    date = fields.Date(string="Month", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    store_type = fields.Selection(
        [
            ("retail", "Retail store"),
            ("online", "Online store"),
            ("warehouse", "Central warehouse"),
        ],
        readonly=True,
    )
    revenue = fields.Float(digits="Product Price", readonly=True)
    cost = fields.Float(digits="Product Price", readonly=True)
    margin = fields.Float(digits="Product Price", readonly=True)
    margin_percent = fields.Float(
        string="Margin (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )
    order_count = fields.Integer(string="Orders", readonly=True)
    avg_basket = fields.Float(
        string="Average Basket", digits="Product Price", readonly=True, aggregator="avg"
    )
    revenue_last_year = fields.Float(
        digits="Product Price",
        readonly=True,
        help="Revenue of the same store in the same month one year earlier.",
    )
    revenue_compared = fields.Float(
        string="Revenue with Last Year",
        digits="Product Price",
        readonly=True,
        help="Revenue of the months that have a revenue one year earlier: "
        "what the growth compares.",
    )
    growth_percent = fields.Float(
        string="Growth (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )

    def _with(self):
        return SQL(
            """
            month AS (
                SELECT store_id, company_id,
                       date_trunc('month', date)::date AS date,
                       SUM(revenue) AS revenue, SUM(cost) AS cost,
                       SUM(margin) AS margin, SUM(order_count) AS order_count
                  FROM %(facts)s
                 GROUP BY store_id, company_id, date_trunc('month', date)
            )
            """,
            facts=SQL.identifier(self.env["multistore.store.day.fact"]._table),
        )

    def _select(self):
        return SQL(
            """
            row_number() OVER (ORDER BY m.date, m.store_id) AS id,
            m.date, m.store_id, m.company_id, s.state_id, s.city,
            s.country_id, s.store_type, m.revenue, m.cost, m.margin,
            100.0 * m.margin / NULLIF(m.revenue, 0) AS margin_percent,
            m.order_count,
            m.revenue / NULLIF(m.order_count, 0) AS avg_basket,
            ly.revenue AS revenue_last_year,
            CASE WHEN ly.revenue IS NOT NULL THEN m.revenue END
                AS revenue_compared,
            100.0 * (m.revenue - ly.revenue) / NULLIF(ly.revenue, 0)
                AS growth_percent
            """
        )

    def _from(self):
        return SQL(
            """
            month m
            JOIN multistore_store s ON s.id = m.store_id
            LEFT JOIN month ly ON ly.store_id = m.store_id
                 AND ly.date = (m.date - interval '1 year')::date
            """
        )
