from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    member_spend_sql,
    sale_local_day_sql,
    store_tz_sql,
)


class MultistoreLoyaltyTierMix(models.Model):
    """Who buys in each store, by member tier, month by month.

    One row per store, month and tier: the members who bought in the store
    that month (a member counts once per store and month, however many
    orders), their orders and their spend as tiers count it (untaxed, in
    company currency: till orders paid, posted or invoiced, refunds
    deducted; confirmed sales orders). The month is the month of the
    order's day in the store's time zone. A member is shown in their tier of
    today (tiers are recomputed daily from the last twelve months); customers
    without a tier are in the row without tier. Orders without a customer
    are not counted.
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
        "res.partner": ["commercial_partner_id", "multistore_tier_id", "tz"],
        "multistore.store": ["company_id", "state_id", "city", "partner_id"],
        "res.company": ["partner_id"],
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

    @property
    def _table_query(self):
        return SQL(
            "WITH %s SELECT %s FROM %s WHERE %s GROUP BY %s",
            self._with(),
            self._select(),
            self._from(),
            self._where(),
            self._group_by(),
        )

    def _with(self):
        # The spend a member earns tiers by (untaxed, company currency),
        # defined once for the tier computation and this report.
        return SQL("orders AS (%s)", member_spend_sql())

    def _select(self):
        return SQL(
            """
            row_number() OVER (
                ORDER BY %(month)s, o.store_id, cp.multistore_tier_id
            ) AS id,
            %(month)s AS date, o.store_id, s.company_id, s.state_id, s.city,
            cp.multistore_tier_id AS tier_id,
            COUNT(DISTINCT cp.id) AS member_count,
            COUNT(*) AS order_count,
            SUM(o.amount) AS revenue
            """,
            month=self._month_sql(),
        )

    def _month_sql(self):
        """The month of the order's day in its store's time zone."""
        return SQL(
            "date_trunc('month', %s)::date",
            sale_local_day_sql(SQL("o.date_order"), store_tz_sql("s")),
        )

    def _from(self):
        return SQL(
            """
            orders o
            JOIN res_partner p ON p.id = o.partner_id
            JOIN res_partner cp ON cp.id = p.commercial_partner_id
            JOIN multistore_store s ON s.id = o.store_id
            """
        )

    def _where(self):
        return SQL("o.store_id IS NOT NULL")

    def _group_by(self):
        return SQL(
            "%s, o.store_id, s.company_id, s.state_id, s.city, cp.multistore_tier_id",
            self._month_sql(),
        )
