from odoo import api, fields, models
from odoo.tools import SQL


class MultistoreStockMatrix(models.Model):
    """Chain stock matrix: product x store, on hand, reserved, incoming, cover.

    Quantities of every store are readable by every store user (a cashier
    checks another store's stock for a customer), so this report has no
    store rule: it shows quantities, never documents.
    """

    _name = "multistore.stock.matrix"
    _description = "Chain Stock Matrix"
    _auto = False
    _order = "product_id, store_id"

    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    store_id = fields.Many2one("multistore.store", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    qty_on_hand = fields.Float(string="On Hand", readonly=True)
    qty_reserved = fields.Float(string="Reserved", readonly=True)
    qty_available = fields.Float(string="Available", readonly=True)
    qty_incoming = fields.Float(string="Incoming", readonly=True)
    daily_forecast = fields.Float(
        string="Daily Demand", readonly=True, aggregator="sum"
    )
    cover_days = fields.Float(
        string="Cover (days)",
        readonly=True,
        aggregator="min",
        help="Days the stock on hand lasts at the forecast demand.",
    )

    @property
    def _table_query(self):
        if "multistore.forecast" in self.env:
            forecast = SQL("multistore_forecast")
        else:  # while the forecast model is not loaded (install order)
            forecast = SQL(
                "(SELECT NULL::int AS product_id, NULL::int AS store_id,"
                " NULL::float AS daily_forecast)"
            )
        return SQL(
            """
            WITH stock AS (
                SELECT q.product_id, s.id AS store_id,
                       SUM(q.quantity) AS qty_on_hand,
                       SUM(q.reserved_quantity) AS qty_reserved,
                       0.0 AS qty_incoming
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
                  JOIN multistore_store s ON s.warehouse_id = l.warehouse_id
                 GROUP BY q.product_id, s.id
                UNION ALL
                SELECT m.product_id, s.id, 0.0, 0.0, SUM(m.product_qty)
                  FROM stock_move m
                  JOIN stock_location ld ON ld.id = m.location_dest_id
                   AND ld.usage = 'internal'
                  JOIN stock_location ls ON ls.id = m.location_id
                  JOIN multistore_store s ON s.warehouse_id = ld.warehouse_id
                 WHERE m.state NOT IN ('draft', 'done', 'cancel')
                   AND ls.warehouse_id IS DISTINCT FROM ld.warehouse_id
                 GROUP BY m.product_id, s.id
            ), totals AS (
                SELECT product_id, store_id,
                       SUM(qty_on_hand) AS qty_on_hand,
                       SUM(qty_reserved) AS qty_reserved,
                       SUM(qty_incoming) AS qty_incoming
                  FROM stock GROUP BY product_id, store_id
            )
            SELECT t.product_id::bigint * 100000 + t.store_id AS id,
                   t.product_id, pt.categ_id, t.store_id, s.company_id,
                   p.state_id,
                   t.qty_on_hand, t.qty_reserved,
                   t.qty_on_hand - t.qty_reserved AS qty_available,
                   t.qty_incoming,
                   COALESCE(f.daily_forecast, 0.0) AS daily_forecast,
                   CASE WHEN COALESCE(f.daily_forecast, 0.0) > 0
                        THEN t.qty_on_hand / f.daily_forecast END AS cover_days
              FROM totals t
              JOIN product_product pp ON pp.id = t.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN multistore_store s ON s.id = t.store_id
              LEFT JOIN res_partner p ON p.id = s.partner_id
              LEFT JOIN %(forecast)s f
                ON f.product_id = t.product_id AND f.store_id = t.store_id
            """,
            forecast=forecast,
        )

    @api.model
    def _store_quantities(self, product, exclude_store=None):
        """Available quantity of ``product`` per store, for the till and forms."""
        domain = [("product_id", "=", product.id)]
        if exclude_store:
            domain.append(("store_id", "!=", exclude_store.id))
        return self.search(domain)
