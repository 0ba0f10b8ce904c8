from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


class MultistoreCustomerVip(models.Model):
    """The VIP customers of each store, for its staff.

    A customer is a VIP of a store where they bought (a row of
    ``multistore.customer.store.fact``, refreshed nightly by multistore_crm)
    when, by the settings of the store's company:

    - their member tier is the *VIP From Tier* or a higher one (a tier with
      a higher yearly spend threshold), or
    - they are among the *Top Spenders per Store* of that store (rank by
      amount spent there, refunds deducted; ties by customer).

    A read-only SQL view over the facts (``_table_query``): the list follows
    the settings at once. Scoped like the facts: a store reads its own VIPs.
    """

    _name = "multistore.customer.vip"
    _description = "VIP Customer of a Store"
    _auto = False
    _order = "store_id, store_rank, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "multistore.customer.store.fact": [
            "partner_id",
            "store_id",
            "company_id",
            "amount",
            "order_count",
            "last_date",
        ],
        "res.partner": ["multistore_tier_id"],
        "res.company": ["multistore_vip_tier_id", "multistore_vip_top_n"],
        "multistore.loyalty.tier": ["threshold"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    store_id = fields.Many2one("multistore.store", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Spent in Store", readonly=True, help="Untaxed, refunds deducted."
    )
    order_count = fields.Integer(string="Visits", readonly=True)
    last_date = fields.Datetime(string="Last Visit", readonly=True)
    store_rank = fields.Integer(
        string="Rank in Store", readonly=True, help="1: the store's top spender."
    )
    tier_id = fields.Many2one(
        "multistore.loyalty.tier", string="Member Tier", readonly=True
    )
    by_tier = fields.Boolean(string="VIP by Tier", readonly=True)
    by_spend = fields.Boolean(string="VIP by Spend", readonly=True)
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    note_count = fields.Integer(string="Notes", compute="_compute_notes")
    last_note = fields.Text(string="Latest Preference", compute="_compute_notes")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT f.id, f.partner_id, f.store_id, f.company_id, f.amount,
                   f.order_count, f.last_date, f.store_rank,
                   p.multistore_tier_id AS tier_id,
                   COALESCE(pt.threshold >= vt.threshold, FALSE) AS by_tier,
                   (f.amount > 0 AND f.store_rank <= c.multistore_vip_top_n)
                       AS by_spend
              FROM (SELECT sf.*,
                           rank() OVER (PARTITION BY sf.store_id
                                        ORDER BY sf.amount DESC, sf.partner_id)
                               AS store_rank
                      FROM multistore_customer_store_fact sf) f
              JOIN res_partner p ON p.id = f.partner_id
              JOIN res_company c ON c.id = f.company_id
              LEFT JOIN multistore_loyalty_tier pt ON pt.id = p.multistore_tier_id
              LEFT JOIN multistore_loyalty_tier vt
                     ON vt.id = c.multistore_vip_tier_id
             WHERE (f.amount > 0 AND f.store_rank <= c.multistore_vip_top_n)
                OR pt.threshold >= vt.threshold
            """
        )

    @api.depends("partner_id", "store_id")
    @api.depends_context("uid")
    def _compute_notes(self):
        """The notes of the customer the user may read (the store's own and
        the shared ones; record rules apply), in one search for the list."""
        notes = self.env["multistore.customer.note"].search(
            [("partner_id", "in", self.partner_id.ids)], order="date desc, id desc"
        )
        by_partner = defaultdict(list)
        for note in notes:
            by_partner[note.partner_id.id].append(note)
        for vip in self:
            mine = by_partner.get(vip.partner_id.id, [])
            vip.note_count = len(mine)
            vip.last_note = mine[0].note if mine else False

    def action_view_notes(self):
        """The customer's notes, a new one written for this store."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_care.multistore_customer_note_action"
        )
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_store_id": self.store_id.id,
        }
        return action
