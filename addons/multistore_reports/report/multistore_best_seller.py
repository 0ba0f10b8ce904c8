from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    store_today_sql,
    store_tz_sql,
)

# Cumulative revenue share that closes class A and class B.
ABC_LIMIT_A = 80.0
ABC_LIMIT_B = 95.0


class MultistoreBestSeller(models.Model):
    """Each store's products by revenue over the recent days, with ABC class.

    Class A holds the products that make the first 80% of the store's
    revenue (cumulative share, this product included, at most 80%), B the
    next 15%, C the rest: the few A products are the ones a store must never
    run out of. Only products with a positive revenue in the period count.
    The period (90 days by default) is the system parameter
    ``multistore_reports.best_seller_days``, counted back from the store's
    today (its time zone).
    """

    _name = "multistore.best.seller"
    _description = "Best Sellers per Store (ABC)"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "store_id, rank"
    _rec_name = "product_id"

    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    qty = fields.Float(
        string="Quantity", digits="Product Unit of Measure", readonly=True
    )
    revenue = fields.Float(digits="Product Price", readonly=True)
    margin = fields.Float(digits="Product Price", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    rank = fields.Integer(readonly=True, aggregator="min")
    revenue_share = fields.Float(
        string="Share (%)", digits=(16, 2), readonly=True, aggregator="sum"
    )
    cumulative_share = fields.Float(
        string="Cumulative Share (%)", digits=(16, 2), readonly=True, aggregator="max"
    )
    abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")], string="ABC Class", readonly=True
    )

    def _period_days(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("multistore_reports.best_seller_days", 90)
        )

    def _with(self):
        return SQL(
            """
            sold AS (
                SELECT f.store_id, f.company_id, f.product_id, f.categ_id,
                       SUM(f.qty) AS qty, SUM(f.revenue) AS revenue,
                       SUM(f.margin) AS margin, SUM(f.order_count) AS order_count
                  FROM %(facts)s f
                  JOIN multistore_store s ON s.id = f.store_id
                 WHERE f.date > %(today)s - %(days)s
                 GROUP BY f.store_id, f.company_id, f.product_id, f.categ_id
                HAVING SUM(f.revenue) > 0
            ), ranked AS (
                SELECT sold.*,
                       row_number() OVER w AS rank,
                       100.0 * revenue / SUM(revenue) OVER (PARTITION BY store_id)
                           AS revenue_share,
                       100.0 * SUM(revenue) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
                                                    AND CURRENT ROW)
                           / SUM(revenue) OVER (PARTITION BY store_id)
                           AS cumulative_share
                  FROM sold
                WINDOW w AS (PARTITION BY store_id
                             ORDER BY revenue DESC, product_id)
            )
            """,
            facts=SQL.identifier(self.env["multistore.sales.fact"]._table),
            today=store_today_sql(store_tz_sql("s")),
            days=self._period_days(),
        )

    def _select(self):
        return SQL(
            """
            row_number() OVER (ORDER BY r.store_id, r.rank) AS id,
            r.store_id, r.company_id, s.state_id, s.city, r.product_id,
            r.categ_id, r.qty, r.revenue, r.margin, r.order_count, r.rank,
            r.revenue_share, r.cumulative_share,
            CASE WHEN r.cumulative_share <= %(limit_a)s + 1e-9 THEN 'a'
                 WHEN r.cumulative_share <= %(limit_b)s + 1e-9 THEN 'b'
                 ELSE 'c' END AS abc_class
            """,
            limit_a=ABC_LIMIT_A,
            limit_b=ABC_LIMIT_B,
        )

    def _from(self):
        return SQL("ranked r JOIN multistore_store s ON s.id = r.store_id")
