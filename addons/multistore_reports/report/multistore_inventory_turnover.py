from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import product_cost_sql


class MultistoreInventoryTurnover(models.Model):
    """How many times a year each store turns its stock, per category.

    Turns = cost of goods sold over the last 365 days / average stock value;
    days of inventory = 365 / turns. The average stock value is the mean of
    the month-end stock values of the last twelve months (fewer for a store
    whose stock history is shorter), read from the month-end stock facts;
    the current month counts with its stock at the last refresh. COGS is
    read from the monthly category facts for whole months and from the daily
    ones for the part of the first month inside the 365 days. A category
    with stock and no sales has no turns and shows its stock value only.
    The turns and days of a group (a store, the chain) are computed from its
    summed COGS and average stock value.
    """

    _name = "multistore.inventory.turnover"
    _description = "Inventory Turnover per Store and Category"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "store_id, categ_id"
    _rec_name = "categ_id"
    _report_ratios = {
        "turns": (("cogs",), ("avg_stock_value",), 1.0),
        "days_of_inventory": (("avg_stock_value",), ("cogs",), 365.0),
    }

    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    cogs = fields.Float(string="COGS (365 days)", digits="Product Price", readonly=True)
    stock_value = fields.Float(
        digits="Product Price",
        readonly=True,
        help="Stock value at the last refresh of the store figures.",
    )
    avg_stock_value = fields.Float(
        string="Average Stock Value",
        digits="Product Price",
        readonly=True,
        help="Mean of the month-end stock values of the last twelve months.",
    )
    turns = fields.Float(
        string="Turns per Year", digits=(16, 2), readonly=True, aggregator="avg"
    )
    days_of_inventory = fields.Float(
        string="Days of Inventory", digits=(16, 1), readonly=True, aggregator="avg"
    )

    @api.model
    def _stock_value_sql(self, group_by_product=False):
        """On-hand quantity and value per store (and category or product).

        Shared with the slow-moving stock report so that both value stock
        the same way.
        """
        key = SQL("pp.id AS product_id") if group_by_product else SQL("pt.categ_id")
        group = SQL("pp.id") if group_by_product else SQL("pt.categ_id")
        return SQL(
            """
            SELECT s.id AS store_id, %(key)s, SUM(q.quantity) AS qty,
                   SUM(q.quantity * %(std_price)s) AS value
              FROM stock_quant q
              JOIN stock_location sl ON sl.id = q.location_id
              JOIN multistore_store s ON s.warehouse_id = sl.warehouse_id
              JOIN product_product pp ON pp.id = q.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE sl.usage = 'internal'
             GROUP BY s.id, %(group)s
            """,
            key=key,
            group=group,
            std_price=product_cost_sql("pp", SQL("s.company_id")),
        )

    def _with(self):
        return SQL(
            """
            period AS (
                SELECT CURRENT_DATE - 364 AS first_day,
                       (date_trunc('month', CURRENT_DATE - 364)
                           + interval '1 month')::date AS first_month,
                       (date_trunc('month', CURRENT_DATE)
                           - interval '11 months')::date AS stock_since
            ), sold AS (
                SELECT store_id, categ_id, SUM(cost) AS cogs
                  FROM (
                    SELECT f.store_id, f.categ_id, f.cost
                      FROM %(month_facts)s f, period p
                     WHERE f.date >= p.first_month
                    UNION ALL
                    SELECT f.store_id, f.categ_id, f.cost
                      FROM %(day_facts)s f, period p
                     WHERE f.date >= p.first_day AND f.date < p.first_month
                  ) c
                 GROUP BY store_id, categ_id
                -- Categories of services only (loyalty rewards, fees) have
                -- no cost and no stock: not a line of this report.
                HAVING SUM(cost) <> 0
            ), store_months AS (
                -- Months of stock history per store inside the last twelve.
                SELECT sm.store_id, sm.last_month,
                       1 + (extract(year FROM age(sm.last_month,
                                GREATEST(sm.first_month, p.stock_since))) * 12
                            + extract(month FROM age(sm.last_month,
                                GREATEST(sm.first_month, p.stock_since))))
                           AS months
                  FROM (SELECT store_id, min(date) AS first_month,
                               max(date) AS last_month
                          FROM %(stock_facts)s GROUP BY store_id) sm, period p
            ), stock AS (
                SELECT f.store_id, f.categ_id,
                       SUM(f.value) FILTER (WHERE f.date = sm.last_month)
                           AS value,
                       SUM(f.value) / sm.months AS avg_value
                  FROM %(stock_facts)s f
                  JOIN store_months sm ON sm.store_id = f.store_id
                  JOIN period p ON f.date >= p.stock_since
                 GROUP BY f.store_id, f.categ_id, sm.months
            ), pairs AS (
                SELECT store_id, categ_id FROM sold
                UNION SELECT store_id, categ_id FROM stock
            )
            """,
            month_facts=SQL.identifier(
                self.env["multistore.category.month.fact"]._table
            ),
            day_facts=SQL.identifier(self.env["multistore.category.day.fact"]._table),
            stock_facts=SQL.identifier(self.env["multistore.stock.month.fact"]._table),
        )

    def _select(self):
        return SQL(
            """
            row_number() OVER (ORDER BY k.store_id, k.categ_id) AS id,
            k.store_id, s.company_id, s.state_id, s.city, k.categ_id,
            COALESCE(so.cogs, 0) AS cogs,
            COALESCE(st.value, 0) AS stock_value,
            COALESCE(st.avg_value, 0) AS avg_stock_value,
            so.cogs / NULLIF(st.avg_value, 0) AS turns,
            365.0 * st.avg_value / NULLIF(so.cogs, 0) AS days_of_inventory
            """
        )

    def _from(self):
        return SQL(
            """
            pairs k
            JOIN multistore_store s ON s.id = k.store_id
            LEFT JOIN sold so ON so.store_id = k.store_id AND so.categ_id = k.categ_id
            LEFT JOIN stock st
                 ON st.store_id = k.store_id AND st.categ_id = k.categ_id
            """
        )
