from odoo import fields, models
from odoo.tools import SQL


class MultistoreLoyaltySettlement(models.Model):
    """Points issued by one store and redeemed at another, and their value.

    One row per redemption and issuing store. Attribution rule
    (proportional): the points a redemption uses are shared among the stores
    that issued the card's points before it, in proportion to the points
    each store issued on that card until then. Points earned in the
    redeeming order itself do not fund it. Only order lines count (earned or
    redeemed with a till or sales order); refunds, expiry and birthday
    rewards do not move money between stores. A redemption with no earlier
    earnings (points given by hand) has no issuing store.
    """

    _name = "multistore.loyalty.settlement"
    _description = "Inter-store Loyalty Settlement"
    _auto = False
    _order = "date desc, id"
    _depends = {
        "loyalty.history": [
            "card_id",
            "store_id",
            "issued",
            "used",
            "date",
            "kind",
        ],
        "loyalty.card": ["partner_id", "program_id"],
        "loyalty.program": ["program_type"],
        "multistore.store": ["company_id"],
        "res.company": ["multistore_point_value"],
    }

    date = fields.Datetime(string="Redeemed On", readonly=True)
    history_id = fields.Many2one("loyalty.history", string="Redemption", readonly=True)
    card_id = fields.Many2one("loyalty.card", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    program_id = fields.Many2one("loyalty.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    issue_store_id = fields.Many2one(
        "multistore.store", string="Issued by", readonly=True
    )
    redeem_store_id = fields.Many2one(
        "multistore.store", string="Redeemed at", readonly=True
    )
    cross_store = fields.Boolean(
        string="Between Stores",
        readonly=True,
        help="Issued by one store and redeemed at another.",
    )
    points = fields.Float(readonly=True, aggregator="sum")
    amount = fields.Monetary(string="Value", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            "WITH %s SELECT %s FROM %s", self._with(), self._select(), self._from()
        )

    def _with(self):
        """Redemptions, the points each store issued on the card before each
        one, and each issuing store's share."""
        return SQL(
            """
            redemption AS (
                SELECT h.id, h.card_id, h.store_id, h.used, h.date,
                       c.partner_id, c.program_id, rs.company_id
                  FROM loyalty_history h
                  JOIN loyalty_card c ON c.id = h.card_id
                  JOIN loyalty_program p ON p.id = c.program_id
                  JOIN multistore_store rs ON rs.id = h.store_id
                 WHERE h.used > 0
                   AND h.kind = 'order'
                   AND p.program_type = 'loyalty'
            ),
            earned AS (
                SELECT r.id AS redemption_id,
                       e.store_id AS issue_store_id,
                       SUM(e.issued) AS issued
                  FROM redemption r
                  JOIN loyalty_history e
                    ON e.card_id = r.card_id
                   AND e.issued > 0
                   AND e.kind = 'order'
                   AND e.store_id IS NOT NULL
                   AND (e.date < r.date OR (e.date = r.date AND e.id < r.id))
                 GROUP BY r.id, e.store_id
            ),
            share AS (
                SELECT redemption_id, issue_store_id,
                       issued / SUM(issued) OVER (PARTITION BY redemption_id)
                           AS ratio
                  FROM earned
            )
            """
        )

    def _select(self):
        return SQL(
            """
            r.id::bigint * 100000 + COALESCE(s.issue_store_id, 0) AS id,
            r.id AS history_id,
            r.date,
            r.card_id,
            r.partner_id,
            r.program_id,
            r.company_id,
            co.currency_id,
            s.issue_store_id,
            r.store_id AS redeem_store_id,
            s.issue_store_id IS DISTINCT FROM r.store_id AS cross_store,
            r.used * COALESCE(s.ratio, 1.0) AS points,
            r.used * COALESCE(s.ratio, 1.0)
                * COALESCE(co.multistore_point_value, 0.0) AS amount
            """
        )

    def _from(self):
        return SQL(
            """
            redemption r
            JOIN res_company co ON co.id = r.company_id
            LEFT JOIN share s ON s.redemption_id = r.id
            """
        )
