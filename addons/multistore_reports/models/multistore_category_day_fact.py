from odoo import api, fields, models
from odoo.tools import SQL, create_index


class MultistoreCategoryDayFact(models.Model):
    """A store's sales of a product category on a day.

    Inventory turnover needs a year of cost of goods sold per store and
    category: summing a year of per-product rows for every store would read
    millions of rows, this table holds a few hundred per day (and the monthly
    roll-up, ``multistore.category.month.fact``, a few hundred per month).
    Filled from the product facts by ``multistore.sales.fact._refresh_facts``.
    """

    _name = "multistore.category.day.fact"
    _inherit = "multistore.fact.mixin"
    _description = "Daily Sales per Store and Category"
    _order = "date desc, store_id, categ_id"
    _rec_name = "categ_id"
    _fact_sequence = 30

    date = fields.Date(required=True, readonly=True, index=True)
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
    revenue = fields.Float(digits="Product Price", readonly=True)
    cost = fields.Float(digits="Product Price", readonly=True)
    margin = fields.Float(digits="Product Price", readonly=True)

    _sql_constraints = [
        (
            "store_categ_date_uniq",
            "unique(store_id, categ_id, date)",
            "One fact row per store, category and day: refresh the facts instead.",
        ),
    ]

    def init(self):
        create_index(
            self.env.cr,
            "multistore_category_day_fact_date_store_idx",
            self._table,
            ["date", "store_id", "categ_id"],
        )

    @api.model
    def _fact_insert_range(self, scope):
        """Sum the product facts of the refreshed pairs per category."""
        sql = SQL(
            """
            INSERT INTO %(table)s (store_id, company_id, categ_id, date, qty,
                                   revenue, cost, margin, create_date, write_date)
            SELECT f.store_id, f.company_id, f.categ_id, f.date, SUM(f.qty),
                   SUM(f.revenue), SUM(f.cost), SUM(f.margin),
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM %(facts)s f
             WHERE %(pairs)s
             GROUP BY f.store_id, f.company_id, f.categ_id, f.date
            """,
            table=SQL.identifier(self._table),
            facts=SQL.identifier(self.env["multistore.sales.fact"]._table),
            pairs=scope.store_days(SQL("f.store_id"), SQL("f.date")),
        )
        self.env.cr.execute(sql)
