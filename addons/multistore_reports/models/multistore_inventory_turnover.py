from odoo import api, fields, models
from odoo.tools import SQL


class MultistoreInventoryTurnover(models.Model):
    """How many times a year each store turns its stock, per category.

    Turns = cost of goods sold over the last 365 days (category facts) /
    current stock value (on-hand quantity in the store's warehouse x product
    cost); days of inventory = 365 / turns. A category with stock and no
    sales has no turns and shows its stock value only.
    """

    _name = "multistore.inventory.turnover"
    _description = "Inventory Turnover per Store and Category"
    _auto = False
    _order = "store_id, categ_id"
    _rec_name = "categ_id"

    store_id = fields.Many2one("multistore.store", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    city = fields.Char(readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    cogs = fields.Float(string="COGS (365 days)", digits="Product Price", readonly=True)
    stock_value = fields.Float(digits="Product Price", readonly=True)
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
                   SUM(q.quantity * COALESCE(
                       (pp.standard_price ->> s.company_id::text)::numeric, 0.0))
                       AS value
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
        )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH sold AS (
                SELECT store_id, categ_id, SUM(cost) AS cogs
                  FROM %(facts)s
                 WHERE date > CURRENT_DATE - 365
                 GROUP BY store_id, categ_id
            ), stock AS (%(stock)s),
            pairs AS (
                SELECT store_id, categ_id FROM sold
                UNION SELECT store_id, categ_id FROM stock
            )
            SELECT row_number() OVER (ORDER BY k.store_id, k.categ_id) AS id,
                   k.store_id, s.company_id, s.state_id, s.city, k.categ_id,
                   COALESCE(so.cogs, 0) AS cogs,
                   COALESCE(st.value, 0) AS stock_value,
                   so.cogs / NULLIF(st.value, 0) AS turns,
                   365.0 * st.value / NULLIF(so.cogs, 0) AS days_of_inventory
              FROM pairs k
              JOIN multistore_store s ON s.id = k.store_id
              LEFT JOIN sold so
                   ON so.store_id = k.store_id AND so.categ_id = k.categ_id
              LEFT JOIN stock st
                   ON st.store_id = k.store_id AND st.categ_id = k.categ_id
            """,
            facts=SQL.identifier(self.env["multistore.category.day.fact"]._table),
            stock=self._stock_value_sql(),
        )
