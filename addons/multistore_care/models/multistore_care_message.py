import calendar
import logging

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# The chain's time zone, used when the company's address names none.
CHAIN_TZ = "Asia/Shanghai"

KINDS = [("birthday", "Birthday"), ("anniversary", "Membership Anniversary")]
# kind -> (mail template, SMS template) xmlids
TEMPLATES = {
    "birthday": (
        "multistore_care.mail_template_care_birthday",
        "multistore_care.sms_template_care_birthday",
    ),
    "anniversary": (
        "multistore_care.mail_template_care_anniversary",
        "multistore_care.sms_template_care_anniversary",
    ),
}
DELIVERY_STATES = [
    ("sent", "Sent"),
    ("opted_out", "Opted Out"),
    ("no_address", "No Address"),
    ("off", "Not Configured"),
]


class MultistoreCareMessage(models.Model):
    """One greeting of a customer: a birthday or a membership anniversary.

    Written only by the daily scheduled action, one row per customer, kind
    and year (a unique constraint): the row is the proof the greeting went
    out, so that a second run on the same day, or the next day, sends
    nothing again. It also says, per channel, why nothing was sent (the
    customer opted out through Odoo's email or phone blacklist, or has no
    address). Chain managers read it; store roles have no access.

    *Member since* is the creation day (in the chain's time zone) of the
    customer's first card of a loyalty programme (``program_type`` =
    ``loyalty``): the day they joined the chain's membership. Coupons, gift
    cards and birthday rewards do not count.
    """

    _name = "multistore.care.message"
    _description = "Customer Care Message"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    kind = fields.Selection(KINDS, string="Occasion", required=True, readonly=True)
    date = fields.Date(
        required=True, readonly=True, help="The day of the greeting (chain time)."
    )
    year = fields.Integer(required=True, readonly=True)
    member_years = fields.Integer(
        string="Years of Membership",
        readonly=True,
        help="Membership anniversaries: years since the customer joined.",
    )
    email_state = fields.Selection(DELIVERY_STATES, string="Email", readonly=True)
    sms_state = fields.Selection(DELIVERY_STATES, string="SMS", readonly=True)

    _sql_constraints = [
        (
            "partner_kind_year_uniq",
            "unique(partner_id, kind, year)",
            "A customer is greeted once a year for each occasion.",
        ),
    ]

    # Scheduled action --------------------------------------------------------

    @api.model
    def _cron_send_care_messages(self):
        """Daily: greet today's birthdays and membership anniversaries."""
        for company in self.env["res.company"].search([]):
            self._send_care_messages(company, self._care_today(company))

    @api.model
    def _care_today(self, company):
        """Today in the chain's time zone (the company's, else Shanghai)."""
        tz = pytz.timezone(company.partner_id.tz or CHAIN_TZ)
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    @api.model
    def _send_care_messages(self, company, day):
        """Greet, for ``company``, the customers whose occasion is ``day``."""
        messages = self.browse()
        for kind, _label in KINDS:
            channel = company[f"multistore_care_{kind}_channel"]
            if channel == "none":
                continue
            recipients = self._care_recipients(kind, day, company)
            for partner_id, member_years in recipients:
                # sudo(): the log is closed to users; the scheduled action
                # (or a chain manager running it) writes it.
                message = self.sudo().create(
                    {
                        "partner_id": partner_id,
                        "company_id": company.id,
                        "kind": kind,
                        "date": day,
                        "year": day.year,
                        "member_years": member_years,
                    }
                )
                message._care_deliver(channel)
                messages |= message
        _logger.info("Care messages of %s for %s: %d", company.name, day, len(messages))
        return messages

    @api.model
    def _care_days(self, day):
        """Days of the month that fall on ``day``: 29 February is greeted on
        28 February of common years."""
        days = [day.day]
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            days.append(29)
        return tuple(days)

    @api.model
    def _care_recipients(self, kind, day, company):
        """[(partner id, years of membership)] to greet on ``day``."""
        self.env.flush_all()
        params = {
            "month": day.month,
            "days": self._care_days(day),
            "year": day.year,
            "company": company.id,
            "kind": kind,
            "table": SQL.identifier(self._table),
        }
        not_sent = SQL(
            """NOT EXISTS (SELECT 1 FROM %(table)s m
                    WHERE m.partner_id = p.id AND m.kind = %(kind)s
                      AND m.year = %(year)s)""",
            **params,
        )
        customer = SQL(
            """p.active AND p.partner_share AND NOT COALESCE(p.is_company, FALSE)
               AND (p.company_id IS NULL OR p.company_id = %(company)s)""",
            **params,
        )
        if kind == "birthday":
            query = SQL(
                """
                SELECT p.id, 0 FROM res_partner p
                 WHERE p.birthday IS NOT NULL
                   AND EXTRACT(MONTH FROM p.birthday) = %(month)s
                   AND EXTRACT(DAY FROM p.birthday) IN %(days)s
                   AND %(customer)s AND %(not_sent)s
                 ORDER BY p.id
                """,
                customer=customer,
                not_sent=not_sent,
                **params,
            )
        else:
            query = SQL(
                """
                SELECT p.id, %(year)s - EXTRACT(YEAR FROM j.joined)::int
                  FROM (%(joined)s) j
                  JOIN res_partner p ON p.id = j.partner_id
                 WHERE EXTRACT(MONTH FROM j.joined) = %(month)s
                   AND EXTRACT(DAY FROM j.joined) IN %(days)s
                   AND EXTRACT(YEAR FROM j.joined) < %(year)s
                   AND %(customer)s AND %(not_sent)s
                 ORDER BY p.id
                """,
                joined=self._member_since_sql(company),
                customer=customer,
                not_sent=not_sent,
                **params,
            )
        return self.env.execute_query(query)

    @api.model
    def _member_since_sql(self, company):
        """(partner_id, joined) rows: the local day of each member's first
        card of a loyalty programme of ``company`` (or of no company)."""
        tz = company.partner_id.tz or CHAIN_TZ
        return SQL(
            """
            SELECT c.partner_id,
                   (timezone(%(tz)s, timezone('UTC', MIN(c.create_date))))::date
                       AS joined
              FROM loyalty_card c
              JOIN loyalty_program lp ON lp.id = c.program_id
             WHERE lp.program_type = 'loyalty'
               AND c.partner_id IS NOT NULL
               AND (lp.company_id IS NULL OR lp.company_id = %(company)s)
             GROUP BY c.partner_id
            """,
            tz=tz,
            company=company.id,
        )

    def _care_deliver(self, channel):
        """Queue the email and the SMS of this greeting, as ``channel`` says,
        unless the customer opted out (Odoo's email and phone blacklists) or
        has no address; record on the row what happened."""
        self.ensure_one()
        partner = self.partner_id
        mail_xmlid, sms_xmlid = TEMPLATES[self.kind]
        vals = {"email_state": "off", "sms_state": "off"}
        if channel in ("email", "both"):
            if not partner.email_normalized:
                vals["email_state"] = "no_address"
            elif partner.is_blacklisted:
                vals["email_state"] = "opted_out"
            else:
                self.env.ref(mail_xmlid).send_mail(
                    self.id, email_layout_xmlid="mail.mail_notification_light"
                )
                vals["email_state"] = "sent"
        if channel in ("sms", "both"):
            if not partner.phone_sanitized:
                vals["sms_state"] = "no_address"
            elif partner.phone_sanitized_blacklisted:
                vals["sms_state"] = "opted_out"
            else:
                template = self.env.ref(sms_xmlid)
                body = template._render_field("body", self.ids, compute_lang=True)[
                    self.id
                ]
                # Queued: Odoo's SMS scheduled action sends it through IAP.
                self.env["sms.sms"].sudo().create(
                    {
                        "partner_id": partner.id,
                        "number": partner.phone_sanitized,
                        "body": body,
                    }
                )
                vals["sms_state"] = "sent"
        self.write(vals)
