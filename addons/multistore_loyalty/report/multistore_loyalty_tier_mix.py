from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES


class MultistoreLoyaltyTierMix(models.Model):
    """Who buys in each store, by member tier, month by month.

    One row per store, month and tier: the members who bought in the store
    that month (a member counts once per store and month, however many
    orders), their orders and the untaxed revenue in company currency (till
    orders paid, posted or invoiced, refunds deducted; confirmed sales
    orders). A member is shown in their tier of today (tiers are recomputed
    daily from the last twelve months); customers without a tier are in the
    row without tier. Orders without a customer are not counted.
    """

    _name = "multistore.loyalty.tier.mix"
    _description = "Member Tier Mix per Store"
    _inherit = ["multistore.store.report.mixin"]
    _auto = False
    _order = "date desc, store_id, tier_id"
    _rec_name = "tier_id"
    _depends = {
        "pos.order": [
            "partner_id",
            "store_id",
            "date_order",
            "state",
            "amount_total",
            "amount_tax",
            "currency_rate",
        ],
        "sale.order": [
            "partner_id",
            "store_id",
            "date_order",
            "state",
            "amount_untaxed",
            "currency_rate",
        ],
        "res.partner": ["commercial_partner_id", "multistore_tier_id"],
        "multistore.store": ["company_id", "state_id", "city"],
    }

    date = fields.Date(string="Month", readonly=True)
    tier_id = fields.Many2one(
        "multistore.loyalty.tier", string="Member Tier", readonly=True
    )
    member_count = fields.Integer(
        string="Members",
        readonly=True,
        help="Customers who bought in the store in the month; a customer who "
        "bought in several months counts in each.",
    )
    order_count = fields.Integer(
        string="Orders", readonly=True, help="Till refunds count as orders."
    )
    revenue = fields.Float(
        digits="Product Price",
        readonly=True,
        help="Untaxed, in the company currency, refunds deducted.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    WITH orders AS (
                        SELECT o.store_id, o.partner_id,
                               date_trunc('month', o.date_order)::date AS date,
                               (o.amount_total - o.amount_tax)
                                   / COALESCE(NULLIF(o.currency_rate, 0), 1.0)
                                   AS revenue
                          FROM pos_order o
                         WHERE o.state IN %(pos_states)s
                           AND o.partner_id IS NOT NULL
                           AND o.store_id IS NOT NULL
                        UNION ALL
                        SELECT so.store_id, so.partner_id,
                               date_trunc('month', so.date_order)::date,
                               so.amount_untaxed
                                   / COALESCE(NULLIF(so.currency_rate, 0), 1.0)
                          FROM sale_order so
                         WHERE so.state = 'sale'
                           AND so.store_id IS NOT NULL
                    )
                    SELECT row_number() OVER (
                               ORDER BY o.date, o.store_id, cp.multistore_tier_id
                           ) AS id,
                           o.date, o.store_id, s.company_id, s.state_id, s.city,
                           cp.multistore_tier_id AS tier_id,
                           COUNT(DISTINCT cp.id) AS member_count,
                           COUNT(*) AS order_count,
                           SUM(o.revenue) AS revenue
                      FROM orders o
                      JOIN res_partner p ON p.id = o.partner_id
                      JOIN res_partner cp ON cp.id = p.commercial_partner_id
                      JOIN multistore_store s ON s.id = o.store_id
                  GROUP BY o.date, o.store_id, s.company_id, s.state_id, s.city,
                           cp.multistore_tier_id
                )
                """,
                view=SQL.identifier(self._table),
                pos_states=POS_SOLD_STATES,
            )
        )
