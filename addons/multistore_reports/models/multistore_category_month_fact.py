from odoo import api, fields, models
from odoo.tools import SQL, create_index


class MultistoreCategoryMonthFact(models.Model):
    """A store's sales of a product category in a month.

    The columns of the daily category facts, one row per month (the first
    day). A year of cost of goods sold per store and category is twelve rows here
    instead of 365 daily rows: the inventory turnover reads whole months from
    this table and only the days of the first, partial month from the daily
    category facts. Rolled up from the daily category facts by
    ``multistore.sales.fact._refresh_facts`` for the months it touched.
    """

    _name = "multistore.category.month.fact"
    _inherit = "multistore.category.day.fact"
    _description = "Monthly Sales per Store and Category"
    # Summed from the daily category facts: after them.
    _fact_sequence = 40

    date = fields.Date(string="Month")

    _sql_constraints = [
        (
            "store_categ_date_uniq",
            "unique(store_id, categ_id, date)",
            "One fact row per store, category and month: refresh the facts instead.",
        ),
    ]

    def init(self):
        create_index(
            self.env.cr,
            "multistore_category_month_fact_date_store_idx",
            self._table,
            ["date", "store_id", "categ_id"],
        )

    @api.model
    def _fact_delete_range(self, scope):
        """Drop the months of the refreshed (store, day) pairs."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s f WHERE %s",
                SQL.identifier(self._table),
                scope.store_months(SQL("f.store_id"), SQL("f.date")),
            )
        )

    @api.model
    def _fact_insert_range(self, scope):
        """Sum the daily category facts of the refreshed months.

        Called after the daily category facts are up to date, so a month is
        always rebuilt from all of its days, touched or not.
        """
        sql = SQL(
            """
            INSERT INTO %(table)s (store_id, company_id, categ_id, date, qty,
                                   revenue, cost, margin, create_date, write_date)
            SELECT f.store_id, f.company_id, f.categ_id,
                   date_trunc('month', f.date)::date, SUM(f.qty),
                   SUM(f.revenue), SUM(f.cost), SUM(f.margin),
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM %(facts)s f
             WHERE %(months)s
             GROUP BY f.store_id, f.company_id, f.categ_id,
                      date_trunc('month', f.date)
            """,
            table=SQL.identifier(self._table),
            facts=SQL.identifier(self.env["multistore.category.day.fact"]._table),
            months=scope.store_months(SQL("f.store_id"), SQL("f.date")),
        )
        self.env.cr.execute(sql)
