from odoo import api, fields, models
from odoo.tools import SQL, create_index


class MultistoreStoreDayFact(models.Model):
    """A store's day: orders, revenue, margin and average basket.

    Kept apart from the product facts because the number of orders (and so
    the basket) of a day cannot be summed from per-product rows: one order
    holds many products. Filled with the product facts by
    ``multistore.sales.fact._refresh_facts``.
    """

    _name = "multistore.store.day.fact"
    _inherit = "multistore.fact.mixin"
    _description = "Daily Sales per Store"
    _order = "date desc, store_id"
    _rec_name = "date"
    _fact_sequence = 20

    date = fields.Date(required=True, readonly=True, index=True)
    store_id = fields.Many2one(
        "multistore.store", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    revenue = fields.Float(digits="Product Price", readonly=True)
    discount = fields.Float(
        string="Discount Amount", digits="Product Price", readonly=True
    )
    cost = fields.Float(digits="Product Price", readonly=True)
    margin = fields.Float(digits="Product Price", readonly=True)
    basket = fields.Float(
        string="Average Basket", digits="Product Price", readonly=True
    )

    _sql_constraints = [
        (
            "store_date_uniq",
            "unique(store_id, date)",
            "One fact row per store and day: refresh the facts instead.",
        ),
    ]

    def init(self):
        create_index(
            self.env.cr,
            "multistore_store_day_fact_date_store_idx",
            self._table,
            ["date", "store_id"],
        )

    @api.model
    def _fact_insert_range(self, scope):
        """Aggregate the lines of ``scope`` (see the sales fact) per store-day."""
        sql = SQL(
            """
            INSERT INTO %(table)s (store_id, company_id, date, order_count,
                                   revenue, discount, cost, margin, basket,
                                   create_date, write_date)
            SELECT store_id, company_id, date, orders, revenue, discount, cost,
                   revenue - cost, revenue / NULLIF(orders, 0),
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM (
                SELECT store_id, company_id, date,
                       COUNT(DISTINCT order_id) FILTER (WHERE source = 'pos')
                       + COUNT(DISTINCT order_id) FILTER (WHERE source = 'sale')
                           AS orders,
                       SUM(revenue) AS revenue, SUM(discount) AS discount,
                       SUM(cost) AS cost
                  FROM %(lines)s
                 GROUP BY store_id, company_id, date
              ) day
            """,
            table=SQL.identifier(self._table),
            lines=scope.lines,
        )
        self.env.cr.execute(sql)
