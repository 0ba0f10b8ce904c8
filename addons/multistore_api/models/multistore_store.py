from odoo import models
from odoo.tools import SQL

# Moves still to come (Odoo's incoming quantity counts the same states).
OPEN_MOVE_STATES = ("waiting", "confirmed", "assigned", "partially_available")


class MultistoreStore(models.Model):
    _inherit = "multistore.store"

    def _api_stock(self, products):
        """``{(store id, product id): (on_hand, available, incoming)}`` of
        ``products`` in the warehouses of the stores of ``self`` (every
        store and product, zeros for a store without warehouse).

        The figures Odoo computes per warehouse (``qty_available``,
        ``free_qty``, ``incoming_qty`` with the ``warehouse_id`` context:
        quants under the warehouse's view location; moves still open into it
        from outside it, by their final destination), for every store and
        product in one grouped query instead of three per store. The
        caller checked the user may read the stores and products; quants and
        moves are read in SQL as the stock figures of those stores.
        """
        zero = (0.0, 0.0, 0.0)
        result = dict.fromkeys(
            (
                (store_id, product_id)
                for product_id in products.ids
                for store_id in self.ids
            ),
            zero,
        )
        if not self or not products:
            return result
        self.env.cr.execute(self._api_stock_sql(products))
        # Rounded exactly in SQL, handed over as floats (no Decimal per
        # figure).
        for store_id, product_id, *figures in self.env.cr.fetchall():
            result[store_id, product_id] = tuple(figures)
        return result

    def _api_chain_stock_json(self, products):
        """The stock of ``products`` in the stores of ``self`` as the JSON
        text of a list, built by PostgreSQL: one item per product, in the
        order of ``products``, ``{"product_id", "default_code", "stores"}``,
        ``stores`` one figure set per store, in the order of ``self``:
        ``{"store_code", "on_hand", "available", "incoming"}`` (the figures
        of :meth:`_api_stock`; a store without warehouse has none: zeros).

        A page of the chain's stock is up to 50,000 store rows: built and
        serialised in SQL, none of them becomes a Python object.
        """
        if not products:
            return "[]"
        self.env.cr.execute(
            SQL(
                """
                WITH f AS MATERIALIZED (%(figures)s),
                st AS (
                    SELECT s.id, s.code, o.pos
                      FROM unnest(%(stores)s::int[]) WITH ORDINALITY o(id, pos)
                      JOIN multistore_store s ON s.id = o.id
                ),
                pr AS (
                    SELECT pp.id, NULLIF(pp.default_code, '') AS default_code, o.pos
                      FROM unnest(%(products)s::int[]) WITH ORDINALITY o(id, pos)
                      JOIN product_product pp ON pp.id = o.id
                ),
                item AS (
                    SELECT pr.pos,
                           json_build_object(
                               'product_id', pr.id,
                               'default_code', pr.default_code,
                               'stores', COALESCE(
                                   json_agg(
                                       json_build_object(
                                           'store_code', st.code,
                                           'on_hand', COALESCE(f.on_hand, 0::float8),
                                           'available',
                                           COALESCE(f.available, 0::float8),
                                           'incoming', COALESCE(f.incoming, 0::float8)
                                       )
                                       ORDER BY st.pos
                                   ) FILTER (WHERE st.id IS NOT NULL),
                                   '[]'::json
                               )
                           ) AS item
                      FROM pr
                      LEFT JOIN st ON TRUE
                      LEFT JOIN f ON f.store_id = st.id AND f.product_id = pr.id
                     GROUP BY pr.pos, pr.id, pr.default_code
                )
                SELECT COALESCE(json_agg(item ORDER BY pos), '[]'::json)::text
                  FROM item
                """,
                figures=self._api_stock_sql(products),
                stores=self.ids,
                products=products.ids,
            )
        )
        return self.env.cr.fetchone()[0]

    def _api_stock_sql(self, products):
        """The query of the stock figures of ``products`` in the warehouses
        of the stores of ``self``: rows ``(store_id, product_id, on_hand,
        available, incoming)``, floats rounded as Odoo rounds them, only for
        a store and product with quants or open moves (the others, and a
        store without warehouse, are all zeros)."""
        # Read in SQL: what this transaction changed (a reservation, a
        # validated move, a store's warehouse, a product's unit) must be in
        # the tables first.
        for model in (
            "stock.location",
            "stock.quant",
            "stock.move",
            "stock.warehouse",
            "multistore.store",
            "product.product",
            "product.template",
            "uom.uom",
        ):
            self.env[model].flush_model()
        # The locations of each store's warehouse (its view location and
        # everything under it), matched once; quants and moves then join
        # them by id.
        locations = SQL(
            """
            SELECT l.id AS location_id, s.id AS store_id
              FROM multistore_store s
              JOIN stock_warehouse w ON w.id = s.warehouse_id
              JOIN stock_location v ON v.id = w.view_location_id
              JOIN stock_location l ON l.parent_path LIKE v.parent_path || %s
             WHERE s.id = ANY(%s)
            """,
            "%",
            self.ids,
        )
        # Quants and open moves per store and product, rounded as Odoo rounds
        # them (to the product's unit, half away from zero, on the exact
        # numeric sums).
        return SQL(
            """
            WITH loc AS (%(locations)s),
            q AS (
                SELECT loc.store_id, q.product_id,
                       SUM(q.quantity) AS qty,
                       SUM(q.reserved_quantity) AS reserved
                  FROM stock_quant q
                  JOIN loc ON loc.location_id = q.location_id
                 WHERE q.product_id = ANY(%(products)s)
                 GROUP BY loc.store_id, q.product_id
            ),
            m AS (
                SELECT dest.store_id, m.product_id, SUM(m.product_qty) AS qty
                  FROM stock_move m
                  JOIN loc dest
                    ON dest.location_id
                       = COALESCE(m.location_final_id, m.location_dest_id)
                  LEFT JOIN loc src
                    ON src.location_id = m.location_id
                   AND src.store_id = dest.store_id
                 WHERE m.product_id = ANY(%(products)s)
                   AND m.state IN %(states)s
                   AND src.location_id IS NULL
                 GROUP BY dest.store_id, m.product_id
            ),
            unit AS (
                SELECT pp.id AS product_id, u.rounding::numeric AS rounding
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom u ON u.id = pt.uom_id
                 WHERE pp.id = ANY(%(products)s)
            )
            SELECT COALESCE(q.store_id, m.store_id) AS store_id,
                   unit.product_id,
                   (ROUND(COALESCE(q.qty, 0)::numeric / unit.rounding)
                       * unit.rounding)::float8 AS on_hand,
                   (ROUND(
                       (COALESCE(q.qty, 0) - COALESCE(q.reserved, 0))::numeric
                       / unit.rounding
                   ) * unit.rounding)::float8 AS available,
                   (ROUND(COALESCE(m.qty, 0)::numeric / unit.rounding)
                       * unit.rounding)::float8 AS incoming
              FROM q
              FULL JOIN m
                ON m.store_id = q.store_id AND m.product_id = q.product_id
              JOIN unit ON unit.product_id = COALESCE(q.product_id, m.product_id)
            """,
            locations=locations,
            products=products.ids,
            states=OPEN_MOVE_STATES,
        )
