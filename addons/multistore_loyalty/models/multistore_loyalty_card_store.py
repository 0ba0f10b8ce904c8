from odoo import fields, models, tools
from odoo.tools import SQL


class MultistoreLoyaltyCardStore(models.Model):
    """Points of a card earned and used in each store (read-only view).

    A card has one balance valid everywhere; this view splits its history
    by the store that wrote each line, for the card form and for staff
    answering "where did I earn these points?".
    """

    _name = "multistore.loyalty.card.store"
    _description = "Loyalty Card Points per Store"
    _auto = False
    _order = "card_id, store_id"
    _depends = {
        "loyalty.history": ["card_id", "store_id", "issued", "used", "date"],
        "loyalty.card": ["partner_id", "program_id", "company_id"],
    }

    card_id = fields.Many2one("loyalty.card", readonly=True)
    store_id = fields.Many2one("multistore.store", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    program_id = fields.Many2one("loyalty.program", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    issued = fields.Float(string="Earned", readonly=True)
    used = fields.Float(readonly=True)
    balance = fields.Float(
        string="Net", readonly=True, help="Points earned minus points used here."
    )
    line_count = fields.Integer(string="Lines", readonly=True)
    last_date = fields.Datetime(string="Last Change", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT MIN(h.id) AS id,
                           h.card_id,
                           h.store_id,
                           c.partner_id,
                           c.program_id,
                           c.company_id,
                           SUM(COALESCE(h.issued, 0)) AS issued,
                           SUM(COALESCE(h.used, 0)) AS used,
                           SUM(COALESCE(h.issued, 0) - COALESCE(h.used, 0)) AS balance,
                           COUNT(*) AS line_count,
                           MAX(h.date) AS last_date
                      FROM loyalty_history h
                      JOIN loyalty_card c ON c.id = h.card_id
                  GROUP BY h.card_id, h.store_id, c.partner_id, c.program_id,
                           c.company_id
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
