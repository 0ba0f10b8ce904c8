from odoo import models
from odoo.tools import SQL

# Moves still to come (Odoo's incoming quantity counts the same states).
OPEN_MOVE_STATES = ("waiting", "confirmed", "assigned", "partially_available")


class MultistoreStore(models.Model):
    _inherit = "multistore.store"

    def _api_stock(self, products):
        """``{(store id, product id): (on_hand, available, incoming)}`` of
        ``products`` in the warehouses of the stores of ``self``.

        The figures Odoo computes per warehouse (``qty_available``,
        ``free_qty``, ``incoming_qty`` with the ``warehouse_id`` context:
        quants under the warehouse's view location; moves still open into it
        from outside it, by their final destination), for every store and
        product in two grouped queries instead of three per store. The
        caller checked the user may read the stores and products; quants and
        moves are read in SQL as the stock figures of those stores.
        """
        stores = self.filtered("warehouse_id")
        if not stores or not products:
            return {}
        # Read in SQL: what this transaction changed (a reservation, a
        # validated move) must be in the tables first.
        for model in ("stock.location", "stock.quant", "stock.move"):
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
            stores.ids,
        )
        # Quants and open moves per store and product, rounded as Odoo rounds
        # them (to the product's unit, half away from zero, on the exact
        # numeric sums); a store and product with neither is all zeros.
        self.env.cr.execute(
            SQL(
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
                SELECT COALESCE(q.store_id, m.store_id),
                       unit.product_id,
                       (ROUND(COALESCE(q.qty, 0)::numeric / unit.rounding)
                           * unit.rounding)::float8,
                       (ROUND(
                           (COALESCE(q.qty, 0) - COALESCE(q.reserved, 0))::numeric
                           / unit.rounding
                       ) * unit.rounding)::float8,
                       (ROUND(COALESCE(m.qty, 0)::numeric / unit.rounding)
                           * unit.rounding)::float8
                  FROM q
                  FULL JOIN m
                    ON m.store_id = q.store_id AND m.product_id = q.product_id
                  JOIN unit ON unit.product_id = COALESCE(q.product_id, m.product_id)
                """,
                locations=locations,
                products=products.ids,
                states=OPEN_MOVE_STATES,
            )
        )
        zero = (0.0, 0.0, 0.0)
        result = dict.fromkeys(
            (
                (store_id, product_id)
                for product_id in products.ids
                for store_id in stores.ids
            ),
            zero,
        )
        # Rounded exactly in SQL, handed over as floats (no Decimal per
        # figure: a page of the chain's stock is 150,000 of them).
        for store_id, product_id, *figures in self.env.cr.fetchall():
            result[store_id, product_id] = tuple(figures)
        return result
