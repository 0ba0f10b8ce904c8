from odoo import api, fields, models
from odoo.tools import SQL, create_index

from odoo.addons.multistore_base.tools.sales_rules import product_cost_sql

# Months of closing stock rebuilt from the stock moves by a full rebuild.
BACKFILL_MONTHS = 12


class MultistoreStockMonthFact(models.Model):
    """A store's stock of a product category at the end of a month.

    Inventory turnover divides the cost of goods sold by the *average* stock
    value: the average of these month-end values. Each refresh of the facts
    writes the current month's row from the quants (so the row of a past
    month holds its last refresh, i.e. its closing stock); a full rebuild
    also works out the closing stock of the previous months by taking the
    done stock moves since then back out of today's quants. The current month
    is valued at the product's cost (as the slow stock report values stock);
    a past month at the company's value per unit at the end of that month
    (its stock valuation layers until then: value / quantity), or at the
    product's cost when it had no valued stock then.
    """

    _name = "multistore.stock.month.fact"
    _inherit = "multistore.fact.mixin"
    _description = "Month-end Stock per Store and Category"
    _order = "date desc, store_id, categ_id"
    _rec_name = "categ_id"
    _fact_sequence = 50
    # Stock moves are not orders: the current month is written by every run.
    _fact_follows_orders = False

    date = fields.Date(string="Month", required=True, readonly=True, index=True)
    store_id = fields.Many2one(
        "multistore.store", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    qty = fields.Float(
        string="Quantity", digits="Product Unit of Measure", readonly=True
    )
    value = fields.Float(string="Stock Value", digits="Product Price", readonly=True)

    _sql_constraints = [
        (
            "store_categ_month_uniq",
            "unique(store_id, categ_id, date)",
            "One stock row per store, category and month: refresh the facts instead.",
        ),
    ]

    def init(self):
        create_index(
            self.env.cr,
            "multistore_stock_month_fact_store_date_idx",
            self._table,
            ["store_id", "date"],
        )

    @api.model
    def _months(self, full):
        """(first, current) months a run writes: the current month, and on a
        full rebuild the ``BACKFILL_MONTHS - 1`` months before it too."""
        self.env.cr.execute(SQL("SELECT date_trunc('month', CURRENT_DATE)::date"))
        month = self.env.cr.fetchone()[0]
        first = fields.Date.subtract(month, months=BACKFILL_MONTHS - 1 if full else 0)
        return first, month

    @api.model
    def _fact_delete_range(self, scope):
        """Drop the months the run writes (older months, kept by earlier runs,
        are left alone)."""
        first, _month = self._months(scope.full)
        self.env.cr.execute(
            SQL("DELETE FROM %s WHERE date >= %s", SQL.identifier(self._table), first)
        )

    @api.model
    def _fact_insert_range(self, scope):
        """The current month from the quants; on a full run, also the closing
        stock of the months before it."""
        self.env.cr.execute(self._insert_sql(*self._months(scope.full)))

    @api.model
    def _fact_rebuild(self, scope):
        """Not emptied: the months before the backfill keep their figures."""
        self._fact_delete_range(scope)
        self._fact_insert_range(scope)

    @api.model
    def _insert_sql(self, first, month):
        """Closing stock per store, category and month from ``first`` to
        ``month`` (the current month, whose closing is today's stock).

        closing(M) = on hand today - stock moved into the store's warehouse
        after the end of M + stock moved out of it after the end of M.
        A move between two locations of the same warehouse changes nothing.
        """
        return SQL(
            """
            WITH wh_loc AS (
                SELECT sl.id AS location_id, s.id AS store_id, s.company_id
                  FROM stock_location sl
                  JOIN multistore_store s ON s.warehouse_id = sl.warehouse_id
                 WHERE sl.usage = 'internal'
            ), on_hand AS (
                SELECT w.store_id, w.company_id, q.product_id,
                       SUM(q.quantity) AS qty
                  FROM stock_quant q
                  JOIN wh_loc w ON w.location_id = q.location_id
                 GROUP BY w.store_id, w.company_id, q.product_id
            ), moved AS (
                -- Net quantity moved into each store per product and month,
                -- for the months after ``first``.
                SELECT COALESCE(wd.store_id, ws.store_id) AS store_id,
                       COALESCE(wd.company_id, ws.company_id) AS company_id,
                       ml.product_id,
                       date_trunc('month', ml.date)::date AS month,
                       SUM(CASE WHEN wd.store_id IS NOT NULL
                                THEN ml.quantity_product_uom
                                ELSE -ml.quantity_product_uom END) AS qty
                  FROM stock_move_line ml
                  LEFT JOIN wh_loc ws ON ws.location_id = ml.location_id
                  LEFT JOIN wh_loc wd ON wd.location_id = ml.location_dest_id
                 WHERE ml.state = 'done'
                   AND ml.date >= %(after_first)s
                   AND (ws.store_id IS DISTINCT FROM wd.store_id)
                 GROUP BY 1, 2, 3, 4
                UNION ALL
                -- A move between two stores leaves one and enters the other.
                SELECT ws.store_id, ws.company_id, ml.product_id,
                       date_trunc('month', ml.date)::date,
                       -SUM(ml.quantity_product_uom)
                  FROM stock_move_line ml
                  JOIN wh_loc ws ON ws.location_id = ml.location_id
                  JOIN wh_loc wd ON wd.location_id = ml.location_dest_id
                 WHERE ml.state = 'done'
                   AND ml.date >= %(after_first)s
                   AND ws.store_id <> wd.store_id
                 GROUP BY 1, 2, 3, 4
            ), moved_month AS (
                SELECT store_id, product_id, month, SUM(qty) AS qty
                  FROM moved
                 GROUP BY store_id, product_id, month
            ), months AS (
                SELECT m::date AS month
                  FROM generate_series(%(first)s::date, %(month)s::date,
                                       interval '1 month') m
            ), pairs AS (
                SELECT store_id, company_id, product_id FROM on_hand
                UNION SELECT store_id, company_id, product_id FROM moved
            ), closing AS (
                -- Walk back from today: the closing of a month is today's
                -- stock less what moved in during the later months.
                SELECT p.store_id, p.company_id, p.product_id, mo.month,
                       COALESCE(oh.qty, 0) - COALESCE(SUM(COALESCE(mm.qty, 0))
                           OVER (PARTITION BY p.store_id, p.product_id
                                 ORDER BY mo.month DESC
                                 ROWS BETWEEN UNBOUNDED PRECEDING
                                          AND 1 PRECEDING), 0) AS qty
                  FROM pairs p
                 CROSS JOIN months mo
                  LEFT JOIN on_hand oh
                       ON oh.store_id = p.store_id AND oh.product_id = p.product_id
                  LEFT JOIN moved_month mm
                       ON mm.store_id = p.store_id AND mm.product_id = p.product_id
                      AND mm.month = mo.month
            ), layer_bucket AS (
                -- Valuation layers of the months before the current one, the
                -- history before ``first`` in one bucket.
                SELECT product_id, company_id,
                       GREATEST(date_trunc('month', create_date)::date,
                                %(first)s::date) AS month,
                       SUM(quantity) AS qty, SUM(value) AS value
                  FROM stock_valuation_layer
                 WHERE create_date < %(month)s
                 GROUP BY 1, 2, 3
            ), unit_cost AS (
                -- The company's value per unit at the end of each past month:
                -- value of the layers so far / their quantity.
                SELECT lb.product_id, lb.company_id, mo.month,
                       SUM(lb.value) / NULLIF(SUM(lb.qty), 0) AS cost,
                       SUM(lb.qty) AS qty
                  FROM (SELECT DISTINCT product_id, company_id FROM layer_bucket) p
                 CROSS JOIN months mo
                  JOIN layer_bucket lb
                       ON lb.product_id = p.product_id
                      AND lb.company_id = p.company_id AND lb.month <= mo.month
                 WHERE mo.month < %(month)s
                 GROUP BY lb.product_id, lb.company_id, mo.month
            )
            INSERT INTO %(table)s (store_id, company_id, categ_id, date, qty,
                                   value, create_date, write_date)
            SELECT c.store_id, c.company_id, pt.categ_id, c.month, SUM(c.qty),
                   SUM(c.qty * COALESCE(
                       CASE WHEN uc.qty > 0 THEN uc.cost END, %(std_price)s)),
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM closing c
              JOIN product_product pp ON pp.id = c.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN unit_cost uc
                   ON uc.product_id = c.product_id
                  AND uc.company_id = c.company_id AND uc.month = c.month
             WHERE c.qty <> 0
             GROUP BY c.store_id, c.company_id, pt.categ_id, c.month
            """,
            table=SQL.identifier(self._table),
            std_price=product_cost_sql("pp", SQL("c.company_id")),
            first=first,
            month=month,
            after_first=fields.Date.add(first, months=1),
        )
