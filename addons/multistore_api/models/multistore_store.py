from odoo import models
from odoo.tools import SQL, float_round

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
        self.env.cr.execute(
            SQL(
                """
                WITH loc AS (%(locations)s)
                SELECT loc.store_id, q.product_id,
                       SUM(q.quantity), SUM(q.reserved_quantity)
                  FROM stock_quant q
                  JOIN loc ON loc.location_id = q.location_id
                 WHERE q.product_id = ANY(%(products)s)
                 GROUP BY loc.store_id, q.product_id
                """,
                locations=locations,
                products=products.ids,
            )
        )
        quants = {
            (s, p): (qty, reserved) for s, p, qty, reserved in self.env.cr.fetchall()
        }
        self.env.cr.execute(
            SQL(
                """
                WITH loc AS (%(locations)s)
                SELECT dest.store_id, m.product_id, SUM(m.product_qty)
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
                """,
                locations=locations,
                products=products.ids,
                states=OPEN_MOVE_STATES,
            )
        )
        incoming = {(s, p): qty for s, p, qty in self.env.cr.fetchall()}
        # Odoo rounds each figure to the product's unit; the same few values
        # recur across a chain's stores, so each is rounded once.
        rounded = {}

        def round_qty(value, rounding):
            key = (value, rounding)
            if key not in rounded:
                rounded[key] = float_round(value, precision_rounding=rounding)
            return rounded[key]

        store_ids = stores.ids
        result = {}
        for product in products:
            rounding = product.uom_id.rounding
            for store_id in store_ids:
                key = (store_id, product.id)
                on_hand, reserved = quants.get(key, (0.0, 0.0))
                result[key] = (
                    round_qty(on_hand, rounding),
                    round_qty(on_hand - reserved, rounding),
                    round_qty(incoming.get(key, 0.0), rounding),
                )
        return result
