import calendar
import logging
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import member_spend_sql

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(
        help="The member receives a birthday coupon every year on this day."
    )
    multistore_birthday_year = fields.Integer(
        string="Birthday Reward Issued For",
        readonly=True,
        copy=False,
        help="Last year a birthday reward was issued to this member: one per "
        "member per year.",
    )
    multistore_birthday_this_month = fields.Boolean(
        string="Birthday This Month", compute="_compute_multistore_birthday_this_month"
    )
    multistore_tier_id = fields.Many2one(
        "multistore.loyalty.tier",
        string="Member Tier",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Recomputed every day and on every paid order from the spending of "
        "the last twelve months.",
    )
    multistore_tier_multiplier = fields.Float(
        related="multistore_tier_id.earn_multiplier", string="Points Multiplier"
    )
    multistore_tier_name = fields.Char(
        related="multistore_tier_id.name", string="Tier Name"
    )
    multistore_spend_12m = fields.Monetary(
        string="Spend (12 Months)",
        readonly=True,
        copy=False,
        currency_field="multistore_spend_currency_id",
        help="Purchases over the last twelve months in every store (till and "
        "sales orders, refunds deducted, untaxed, in the company currency), as "
        "of the last tier update.",
    )
    multistore_spend_currency_id = fields.Many2one(
        "res.currency", compute="_compute_multistore_spend_currency_id"
    )

    # Computed by the server (tier update, birthday rewards), never entered:
    # a tier multiplies the points a member earns in every store.
    _MULTISTORE_MEMBER_FIELDS = (
        "multistore_tier_id",
        "multistore_spend_12m",
        "multistore_birthday_year",
    )

    def _multistore_check_workflow_vals(self, vals, creating=False):
        fields_set = [name for name in self._MULTISTORE_MEMBER_FIELDS if name in vals]
        if creating:
            fields_set = [name for name in fields_set if vals[name]]
        if fields_set:
            raise UserError(
                self.env._(
                    "A member's tier, spend and birthday reward follow their "
                    "purchases and are updated by the server every day: they "
                    "cannot be entered."
                )
            )
        return super()._multistore_check_workflow_vals(vals, creating=creating)

    @api.depends("birthday")
    @api.depends_context("tz")
    def _compute_multistore_birthday_this_month(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.multistore_birthday_this_month = bool(
                partner.birthday and partner.birthday.month == today.month
            )

    def _compute_multistore_spend_currency_id(self):
        for partner in self:
            partner.multistore_spend_currency_id = (
                partner.company_id or self.env.company
            ).currency_id

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + [
            "birthday",
            "multistore_birthday_this_month",
            "multistore_tier_name",
            "multistore_tier_multiplier",
        ]

    # Tiers -------------------------------------------------------------------

    @api.model
    def _cron_multistore_update_tiers(self):
        """Daily: move every member to the tier of their last twelve months."""
        since = fields.Datetime.now() - relativedelta(months=12)
        partner_ids = set()
        for model, field in (("pos.order", "partner_id"), ("sale.order", "partner_id")):
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    [("date_order", ">=", since), (field, "!=", False)],
                    [field],
                    ["__count"],
                )
            )
            partner_ids.update(
                partner.commercial_partner_id.id for partner, _c in groups
            )
        partner_ids.update(self.search([("multistore_tier_id", "!=", False)]).ids)
        partners = self.browse(sorted(partner_ids))
        for start in range(0, len(partners), 500):
            partners[start : start + 500]._multistore_update_tier()

    def _multistore_update_tier(self):
        """Recompute spend and tier of these members (their commercial entity).

        A member's spend counts orders of every store, which the cashier or
        salesperson whose order triggers the update may not read: the spend
        is summed in SQL over the orders of these members only, and sudo()
        writes the two read-only fields it computes.
        """
        members = self.commercial_partner_id.filtered("id")
        if not members:
            return
        since = fields.Datetime.now() - relativedelta(months=12)
        spend = dict.fromkeys(members.ids, 0.0)
        spend.update(self._multistore_spend_since(members, since))
        # The tiers are read once for all these members.
        tiers = self.env["multistore.loyalty.tier"].sudo().search([])
        for member in members.sudo():
            company = member.company_id or self.env.company
            amount = company.currency_id.round(spend[member.id])
            tier = tiers._multistore_tier_for(amount, company, tiers=tiers)
            if (
                member.multistore_tier_id != tier
                or member.multistore_spend_12m != amount
            ):
                member.write(
                    {"multistore_tier_id": tier.id, "multistore_spend_12m": amount}
                )

    @api.model
    def _multistore_spend_since(self, members, since):
        """{member id: spend since ``since``} of these commercial entities.

        The spend a member earns tiers by, defined once in
        ``multistore_base.tools.sales_rules.member_spend_sql``: untaxed, in
        the company currency, till orders sold (refunds deducted) and
        confirmed sales orders of every store, of the member and its
        contacts.
        """
        self.env["pos.order"].flush_model()
        self.env["sale.order"].flush_model()
        self.flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, SUM(o.amount)
                  FROM (%(orders)s) o
                  JOIN res_partner p ON p.id = o.partner_id
                 WHERE p.commercial_partner_id IN %(members)s
                   AND o.date_order >= %(since)s
                 GROUP BY p.commercial_partner_id
                """,
                orders=member_spend_sql(),
                members=tuple(members.ids),
                since=since,
            )
        )
        return dict(rows)

    def _multistore_earn_multiplier(self):
        """Factor applied to the points this member earns (1 without tier)."""
        member = self.commercial_partner_id[:1]
        return member.multistore_tier_id.earn_multiplier or 1.0

    # Birthdays ----------------------------------------------------------------

    @api.model
    def _cron_multistore_birthday_rewards(self):
        """Daily: give today's birthdays their coupon, once per year."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search(
            [("multistore_birthday_program_id", "!=", False)]
        )
        for company in companies:
            members = self._multistore_birthdays_on(today, company)
            members._multistore_issue_birthday_reward(
                company.multistore_birthday_program_id, today
            )

    @api.model
    def _multistore_birthdays_on(self, day, company):
        """Members born on ``day`` (29 February on 28 February of common
        years) who have not had this year's reward yet."""
        days = [day.day]
        last_day = calendar.monthrange(day.year, day.month)[1]
        if day.month == 2 and day.day == last_day == 28:
            days.append(29)
        query = SQL(
            """
            SELECT id FROM res_partner
             WHERE active
               AND birthday IS NOT NULL
               AND EXTRACT(MONTH FROM birthday) = %(month)s
               AND EXTRACT(DAY FROM birthday) IN %(days)s
               AND COALESCE(multistore_birthday_year, 0) < %(year)s
               AND (company_id IS NULL OR company_id = %(company)s)
             ORDER BY id
            """,
            month=day.month,
            days=tuple(days),
            year=day.year,
            company=company.id,
        )
        self.flush_model(
            ["active", "birthday", "multistore_birthday_year", "company_id"]
        )
        return self.browse([row[0] for row in self.env.execute_query(query)])

    def _multistore_issue_birthday_reward(self, program, day):
        """Create the birthday coupon of each member and email it."""
        template = self.env.ref(
            "multistore_loyalty.mail_template_birthday_reward", raise_if_not_found=False
        )
        points = max(program.reward_ids.mapped("required_points") or [1.0])
        cards = self.env["loyalty.card"]
        for member in self:
            card = (
                self.env["loyalty.card"]
                .with_context(action_no_send_mail=True)
                .create(
                    {
                        "program_id": program.id,
                        "partner_id": member.id,
                        "points": 0.0,
                        "expiration_date": day + timedelta(days=30),
                        "multistore_birthday_year": day.year,
                    }
                )
            )
            self.env["loyalty.card"]._multistore_post_points(
                [
                    {
                        "card_id": card.id,
                        "issued": points,
                        "kind": "reward",
                        "store_id": False,
                        "description": self.env._(
                            "Birthday reward %(year)s", year=day.year
                        ),
                    }
                ]
            )
            # sudo(): the year of the last reward is closed to users (see
            # _multistore_check_workflow_vals); the reward flow sets it.
            member.sudo().multistore_birthday_year = day.year
            cards |= card
            if template and member.email:
                template.send_mail(
                    card.id, email_layout_xmlid="mail.mail_notification_light"
                )
        _logger.info(
            "Issued %d birthday rewards for %s", len(cards), date.isoformat(day)
        )
        return cards
