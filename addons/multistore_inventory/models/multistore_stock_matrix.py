from odoo import api, fields, models
from odoo.tools import SQL


class MultistoreStockMatrix(models.Model):
    """Chain stock matrix: product x store, on hand, reserved, incoming.

    The query is built from parts (``_with``, ``_select``, ``_from``) that
    extensions complete (multistore_forecast adds the daily demand and the
    cover in days).

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

    @property
    def _table_query(self):
        return SQL("%s SELECT %s FROM %s", self._with(), self._select(), self._from())

    def _with(self):
        """Stock on hand and reserved per product and store, and what is on its
        way to the store from another warehouse (``totals``)."""
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
            """
        )

    def _select(self):
        """The columns; extensions add theirs with ``SQL(", ").join``."""
        return SQL(
            """
            t.product_id::bigint * 100000 + t.store_id AS id,
            t.product_id, pt.categ_id, t.store_id, s.company_id,
            p.state_id,
            t.qty_on_hand, t.qty_reserved,
            t.qty_on_hand - t.qty_reserved AS qty_available,
            t.qty_incoming
            """
        )

    def _from(self):
        """``totals t`` with its product template ``pt``, store ``s`` and the
        store's address ``p``; extensions join theirs on ``t``."""
        return SQL(
            """
            totals t
            JOIN product_product pp ON pp.id = t.product_id
            JOIN product_template pt ON pt.id = pp.product_tmpl_id
            JOIN multistore_store s ON s.id = t.store_id
            LEFT JOIN res_partner p ON p.id = s.partner_id
            """
        )

    @api.model
    def _store_quantities(self, product, exclude_store=None):
        """Available quantity of ``product`` per store, for the till and forms."""
        domain = [("product_id", "=", product.id)]
        if exclude_store:
            domain.append(("store_id", "!=", exclude_store.id))
        return self.search(domain)
