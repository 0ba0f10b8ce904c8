import logging

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES

_logger = logging.getLogger(__name__)

CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"

# Settings (ir.config_parameter) and their defaults.
PARAM_DAYS = "multistore_crm.affinity_days"
PARAM_MIN_BASKETS = "multistore_crm.affinity_min_baskets"
PARAM_TOP = "multistore_crm.affinity_top"
PARAM_RECENT_DAYS = "multistore_crm.recommend_recent_days"
DEFAULT_DAYS = 730
DEFAULT_MIN_BASKETS = 2
DEFAULT_TOP = 20
DEFAULT_RECENT_DAYS = 30


class MultistoreProductAffinity(models.Model):
    """Products bought together: one row per product and related product.

    A *basket* is one sold order of the chain, in any store or online (till
    orders paid, posted or invoiced; confirmed sales orders with a store) of
    the last ``multistore_crm.affinity_days`` days (730), reduced to the
    distinct saleable products it sold (lines of positive quantity; reward,
    note and section lines left out). Refunds sell nothing: they make no
    basket and no pair.

    For a product X and a related product Y:

    - ``basket_count``: baskets holding both X and Y;
    - ``product_basket_count``/``related_basket_count``: baskets holding X / Y;
    - ``support`` = together / every basket;
    - ``confidence`` = together / baskets with X ("who bought X also bought
      Y in that many of the cases");
    - ``lift`` = confidence / (baskets with Y / every basket): above 1, Y is
      bought with X more often than on its own.

    Only pairs seen together in at least ``multistore_crm.affinity_min_baskets``
    baskets (2) are kept, and for each product the
    ``multistore_crm.affinity_top`` (20) best by confidence (then baskets
    together, then product id). Chain-wide statistics on products: no customer
    and no store in them. Rebuilt every night by one set-based SQL statement.
    """

    _name = "multistore.product.affinity"
    _description = "Products Bought Together"
    _order = "product_id, rank"
    _rec_name = "related_product_id"
    # Written by SQL only, rebuilt every night: no create/write columns.
    _log_access = False

    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, ondelete="cascade"
    )
    related_product_id = fields.Many2one(
        "product.product",
        string="Bought With",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    rank = fields.Integer(
        readonly=True, help="1 for the product bought most often with the product."
    )
    basket_count = fields.Integer(
        string="Baskets Together",
        readonly=True,
        help="Sold orders (till or online) holding both products.",
    )
    product_basket_count = fields.Integer(
        string="Baskets with Product", readonly=True, aggregator="max"
    )
    related_basket_count = fields.Integer(
        string="Baskets with Related Product", readonly=True, aggregator="max"
    )
    support = fields.Float(
        digits=(16, 6),
        readonly=True,
        aggregator="max",
        help="Share of every basket holding both products.",
    )
    confidence = fields.Float(
        digits=(16, 4),
        readonly=True,
        aggregator="max",
        help="Share of the baskets with the product that also hold the related "
        "product.",
    )
    lift = fields.Float(
        digits=(16, 3),
        readonly=True,
        aggregator="max",
        help="Confidence divided by the share of baskets holding the related "
        "product: above 1 the two sell together more than by chance.",
    )

    _sql_constraints = [
        (
            "product_related_uniq",
            "unique(product_id, related_product_id)",
            "One row per pair of products: refresh the affinities instead.",
        ),
    ]

    # -- refresh ---------------------------------------------------------------

    @api.model
    def action_refresh_affinities(self):
        """Refresh now (menu, server action): chain managers only, the rows
        are rebuilt from the orders of every store."""
        self._multistore_require_group(
            CHAIN_MANAGER_GROUP,
            action=self.env._("refresh the products bought together"),
        )
        self._refresh_affinities()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("Products bought together are up to date."),
                "type": "success",
                "sticky": False,
            },
        }

    @api.model
    def _cron_refresh_affinities(self):
        self._refresh_affinities()

    @api.model
    def _refresh_affinities(self):
        """Delete then insert every pair, in the caller's transaction: a
        failure leaves the previous rows in place."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        cr.execute(self._insert_affinities_sql())
        count = cr.rowcount
        cr.execute(SQL("ANALYZE %s", SQL.identifier(self._table)))
        self.invalidate_model()
        _logger.info("Products bought together refreshed: %s pairs", count)
        return count

    @api.model
    def _param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _basket_lines_sql(self, since_days):
        """Distinct (basket, product) rows of the sold orders: a basket is
        ``2 * order id`` for a till order, ``2 * order id + 1`` for a sales
        order, so one integer names it."""
        return SQL(
            """
            SELECT DISTINCT x.basket, x.product_id
              FROM (
                SELECT 2 * o.id::bigint AS basket, l.product_id
                  FROM pos_order_line l
                  JOIN pos_order o ON o.id = l.order_id
                 WHERE o.state IN %(pos_states)s
                   AND o.store_id IS NOT NULL
                   AND o.date_order >= %(since)s
                   AND l.qty > 0
                   AND NOT COALESCE(l.is_reward_line, FALSE)
                UNION ALL
                SELECT 2 * so.id::bigint + 1, sl.product_id
                  FROM sale_order_line sl
                  JOIN sale_order so ON so.id = sl.order_id
                 WHERE so.state = 'sale'
                   AND so.store_id IS NOT NULL
                   AND so.date_order >= %(since)s
                   AND sl.display_type IS NULL
                   AND sl.product_id IS NOT NULL
                   AND sl.product_uom_qty > 0
                   AND sl.reward_id IS NULL
              ) x
              JOIN product_product pp ON pp.id = x.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE pt.sale_ok
            """,
            pos_states=POS_SOLD_STATES,
            since=SQL(
                "(now() AT TIME ZONE 'UTC') - make_interval(days => %s)", since_days
            ),
        )

    @api.model
    def _insert_affinities_sql(self):
        return SQL(
            """
            WITH baskets AS MATERIALIZED (%(lines)s),
            per_product AS (
                SELECT product_id, COUNT(*) AS n FROM baskets GROUP BY product_id
            ), total AS (
                SELECT COUNT(DISTINCT basket) AS n FROM baskets
            ), pairs AS (
                SELECT a.product_id, b.product_id AS related_product_id,
                       COUNT(*) AS together
                  FROM baskets a
                  JOIN baskets b
                    ON b.basket = a.basket AND b.product_id <> a.product_id
                 GROUP BY a.product_id, b.product_id
                HAVING COUNT(*) >= %(min_baskets)s
            ), ranked AS (
                SELECT p.product_id, p.related_product_id, p.together,
                       pa.n AS product_n, pb.n AS related_n, t.n AS total_n,
                       p.together::float / pa.n AS confidence,
                       row_number() OVER (
                           PARTITION BY p.product_id
                           ORDER BY p.together::float / pa.n DESC, p.together DESC,
                                    p.related_product_id) AS rank
                  FROM pairs p
                  JOIN per_product pa ON pa.product_id = p.product_id
                  JOIN per_product pb ON pb.product_id = p.related_product_id
                 CROSS JOIN total t
            )
            INSERT INTO %(table)s (product_id, related_product_id, rank,
                   basket_count, product_basket_count, related_basket_count,
                   support, confidence, lift)
            SELECT product_id, related_product_id, rank, together, product_n,
                   related_n, together::float / total_n, confidence,
                   confidence * total_n / related_n
              FROM ranked
             WHERE rank <= %(top)s
            """,
            table=SQL.identifier(self._table),
            lines=self._basket_lines_sql(self._param(PARAM_DAYS, DEFAULT_DAYS)),
            min_baskets=max(1, self._param(PARAM_MIN_BASKETS, DEFAULT_MIN_BASKETS)),
            top=max(1, self._param(PARAM_TOP, DEFAULT_TOP)),
        )

    # -- recommendations -----------------------------------------------------

    @api.model
    def _recommend_for_partner(self, partner, limit=5, product_domain=None):
        """Products to suggest to ``partner`` (its commercial entity): those
        bought together with what the customer bought, best first.

        The customer's products are those of their sold orders (in every
        store and online) in the affinity window. A candidate scores the sum
        of its confidences with each of them; products the customer bought
        in the last ``multistore_crm.recommend_recent_days`` days (30), and
        products archived, not for sale or outside ``product_domain`` (e.g.
        the till's products) are left out. Ties: baskets together, then
        product id.

        :returns: list of dicts ``product_id``, ``score``, ``basket_count``
            and ``because_product_id`` (the bought product that contributes
            most), at most ``limit``; empty for a customer without purchases.
        """
        if not partner:
            return []
        commercial = partner.commercial_partner_id
        # Read in SQL over the orders of every store, as the customer's 360
        # is (customers are chain-wide): only product ids come out of it,
        # never an order, a store or an amount.
        cr = self.env.cr
        self.env.flush_all()
        days = self._param(PARAM_DAYS, DEFAULT_DAYS)
        recent = self._param(PARAM_RECENT_DAYS, DEFAULT_RECENT_DAYS)
        cr.execute(
            SQL(
                """
                WITH partners AS (
                    SELECT id FROM res_partner
                     WHERE commercial_partner_id = %(commercial)s
                ), bought AS (
                    SELECT l.product_id, MAX(o.date_order) AS last_date
                      FROM pos_order o
                      JOIN pos_order_line l ON l.order_id = o.id
                     WHERE o.partner_id IN (SELECT id FROM partners)
                       AND o.state IN %(pos_states)s
                       AND o.date_order >= %(since)s
                       AND l.qty > 0
                       AND NOT COALESCE(l.is_reward_line, FALSE)
                     GROUP BY l.product_id
                    UNION ALL
                    SELECT sl.product_id, MAX(so.date_order)
                      FROM sale_order so
                      JOIN sale_order_line sl ON sl.order_id = so.id
                     WHERE so.partner_id IN (SELECT id FROM partners)
                       AND so.state = 'sale'
                       AND so.date_order >= %(since)s
                       AND sl.product_id IS NOT NULL
                       AND sl.product_uom_qty > 0
                       AND sl.reward_id IS NULL
                     GROUP BY sl.product_id
                )
                SELECT product_id, MAX(last_date) >= %(recent)s
                  FROM bought GROUP BY product_id
                """,
                commercial=commercial.id,
                pos_states=POS_SOLD_STATES,
                since=SQL(
                    "(now() AT TIME ZONE 'UTC') - make_interval(days => %s)", days
                ),
                recent=SQL(
                    "(now() AT TIME ZONE 'UTC') - make_interval(days => %s)", recent
                ),
            )
        )
        rows = cr.fetchall()
        if not rows:
            return []
        bought = [product_id for product_id, _recent in rows]
        excluded = {product_id for product_id, is_recent in rows if is_recent}
        cr.execute(
            SQL(
                """
                SELECT product_id, related_product_id, confidence, basket_count
                  FROM %(table)s
                 WHERE product_id = ANY(%(bought)s)
                """,
                table=SQL.identifier(self._table),
                bought=bought,
            )
        )
        scores = {}
        for product_id, related_id, confidence, together in cr.fetchall():
            if related_id in excluded:
                continue
            score = scores.setdefault(
                related_id, {"score": 0.0, "basket_count": 0, "because": (0.0, 0)}
            )
            confidence = float(confidence)
            score["score"] += confidence
            score["basket_count"] += together
            # The bought product that contributes most (ties: lowest id).
            score["because"] = max(score["because"], (confidence, -product_id))
        if not scores:
            return []
        domain = [
            ("id", "in", list(scores)),
            ("sale_ok", "=", True),
            *(product_domain or []),
        ]
        # Chain-wide catalogue: any store reads the products (active_test
        # leaves archived ones out).
        allowed = set(self.env["product.product"].search(domain).ids)
        ranked = sorted(
            (pid for pid in scores if pid in allowed),
            # Rounded: sums of the same confidences in another order tie.
            key=lambda pid: (
                -round(scores[pid]["score"], 6),
                -scores[pid]["basket_count"],
                pid,
            ),
        )
        return [
            {
                "product_id": pid,
                "score": scores[pid]["score"],
                "basket_count": scores[pid]["basket_count"],
                "because_product_id": -scores[pid]["because"][1],
            }
            for pid in ranked[:limit]
        ]
