from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    store_today_sql,
    store_tz_sql,
)


class MultistoreSlowStock(models.Model):
    """Products a store holds and no longer sells.

    Every product on hand in a store, with the day it last sold there (from
    the sales facts), the days since, its value and its sell-through over
    the last 90 days. Slow after ``multistore_reports.slow_moving_days``
    (default 90) days without a sale, dead after
    ``multistore_reports.dead_stock_days`` (default 180) or never sold.
    Days count to the store's today (its time zone); the sell-through of a
    group is the ratio of its sums.
    """

    _name = "multistore.slow.stock"
    _description = "Slow-moving and Dead Stock per Store"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "days_since_sale desc, stock_value desc"
    _rec_name = "product_id"
    _report_ratios = {
        "sell_through": (("qty_sold_90",), ("qty_available_90",), 100.0),
    }

    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    qty_on_hand = fields.Float(
        string="On Hand", digits="Product Unit of Measure", readonly=True
    )
    stock_value = fields.Float(digits="Product Price", readonly=True)
    last_sale_date = fields.Date(readonly=True)
    days_since_sale = fields.Integer(
        string="Days Since Last Sale",
        readonly=True,
        aggregator="max",
        help="Empty when the product never sold in this store.",
    )
    qty_sold_90 = fields.Float(
        string="Sold (90 days)", digits="Product Unit of Measure", readonly=True
    )
    qty_available_90 = fields.Float(
        string="Sold and On Hand",
        digits="Product Unit of Measure",
        readonly=True,
        help="Sold in the last 90 days plus on hand: what the sell-through divides by.",
    )
    sell_through = fields.Float(
        string="Sell-through (%)",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Sold in the last 90 days / (sold + on hand).",
    )
    status = fields.Selection(
        [("active", "Selling"), ("slow", "Slow-moving"), ("dead", "Dead stock")],
        readonly=True,
    )

    def _thresholds(self):
        icp = self.env["ir.config_parameter"].sudo()
        return (
            int(icp.get_param("multistore_reports.slow_moving_days", 90)),
            int(icp.get_param("multistore_reports.dead_stock_days", 180)),
        )

    def _with(self):
        return SQL(
            """
            stock AS (%(stock)s),
            store_day AS (
                SELECT s.id AS store_id, %(today)s AS today
                  FROM multistore_store s
            ),
            sales AS (
                SELECT f.store_id, f.product_id,
                       MAX(f.date) FILTER (WHERE f.qty > 0) AS last_sale_date,
                       SUM(f.qty) FILTER (WHERE f.date > sd.today - 90)
                           AS qty_sold_90
                  FROM %(facts)s f
                  JOIN store_day sd ON sd.store_id = f.store_id
                  JOIN stock ON stock.store_id = f.store_id
                       AND stock.product_id = f.product_id
                 GROUP BY f.store_id, f.product_id
            )
            """,
            stock=self.env["multistore.inventory.turnover"]._stock_value_sql(
                group_by_product=True
            ),
            today=store_today_sql(store_tz_sql("s")),
            facts=SQL.identifier(self.env["multistore.sales.fact"]._table),
        )

    def _select(self):
        slow_days, dead_days = self._thresholds()
        return SQL(
            """
            row_number() OVER (ORDER BY st.store_id, st.product_id) AS id,
            st.store_id, s.company_id, s.state_id, s.city, st.product_id,
            pt.categ_id, st.qty AS qty_on_hand, st.value AS stock_value,
            sa.last_sale_date,
            sd.today - sa.last_sale_date AS days_since_sale,
            COALESCE(sa.qty_sold_90, 0) AS qty_sold_90,
            COALESCE(sa.qty_sold_90, 0) + st.qty AS qty_available_90,
            100.0 * COALESCE(sa.qty_sold_90, 0)
                / NULLIF(COALESCE(sa.qty_sold_90, 0) + st.qty, 0) AS sell_through,
            CASE WHEN sa.last_sale_date IS NULL
                   OR sd.today - sa.last_sale_date >= %(dead)s THEN 'dead'
                 WHEN sd.today - sa.last_sale_date >= %(slow)s THEN 'slow'
                 ELSE 'active' END AS status
            """,
            slow=slow_days,
            dead=dead_days,
        )

    def _from(self):
        return SQL(
            """
            stock st
            JOIN multistore_store s ON s.id = st.store_id
            JOIN store_day sd ON sd.store_id = st.store_id
            JOIN product_product pp ON pp.id = st.product_id
            JOIN product_template pt ON pt.id = pp.product_tmpl_id
            LEFT JOIN sales sa
                 ON sa.store_id = st.store_id AND sa.product_id = st.product_id
            """
        )

    def _where(self):
        return SQL("st.qty > 0")
