from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import member_spend_sql

# Trace states of a message that left Odoo (email sent, SMS handed to the
# provider or delivered, and later opened or answered).
SENT_STATES = ("pending", "sent", "open", "reply")


class MultistoreCampaignResult(models.Model):
    """Results of an email or SMS campaign (``mailing.mailing``) per store.

    One row per campaign and store, read from the campaign's traces and the
    orders of its recipients at each read:

    - **recipient**: the customer a trace was sent to (its commercial
      entity): the contact itself for campaigns on contacts, otherwise
      (mailing lists exported from segments) the first customer with the
      trace's email, or for SMS with its phone number;
    - **sent, opened, clicked** count traces in the recipient's *home
      store*: the store where they spend most (``favourite_store_id`` of
      the customer 360 of multistore_crm, refreshed nightly). Recipients
      who never bought have no home store: the row without store, which only
      chain managers read;
    - **orders, redeemed, revenue** count the sold orders (multistore_base's
      rule: till orders paid, posted or invoiced, confirmed sales orders,
      refunds deducted, untaxed, company currency) that recipients placed
      from the sending of the campaign until its attribution window
      (``multistore_attribution_days``) ends, in the *store of the order*:
      a store's row shows only its own sales. *Redeemed* counts those
      orders that use a reward of the campaign's promotion.

    So a customer of store A who reads the campaign and buys in store B
    counts as sent/opened in A and as revenue in B. Revenue is attributed
    to the campaign by window, not by a utm code: a till order carries no
    utm, and a customer may receive several campaigns in one window (each
    counts the order).
    """

    _name = "multistore.campaign.result"
    _description = "Campaign Results per Store"
    _inherit = ["multistore.store.report.mixin"]
    _auto = False
    _order = "sent_date desc, mailing_id desc, store_id"
    _rec_name = "mailing_id"
    _depends = {
        "mailing.trace": [
            "mass_mailing_id",
            "model",
            "res_id",
            "email",
            "sms_number",
            "trace_status",
            "open_datetime",
            "links_click_datetime",
        ],
        "mailing.mailing": [
            "sent_date",
            "campaign_id",
            "mailing_type",
            "multistore_program_id",
            "multistore_attribution_days",
            "subject",
        ],
        "multistore.customer.profile": ["partner_id", "favourite_store_id"],
        "res.partner": ["commercial_partner_id", "email_normalized", "phone_sanitized"],
        "pos.order": [
            "partner_id",
            "store_id",
            "date_order",
            "state",
            "amount_total",
            "amount_tax",
            "currency_rate",
        ],
        "pos.order.line": ["order_id", "reward_id"],
        "sale.order": [
            "partner_id",
            "store_id",
            "date_order",
            "state",
            "amount_untaxed",
            "currency_rate",
        ],
        "sale.order.line": ["order_id", "reward_id"],
        "loyalty.reward": ["program_id"],
        "multistore.store": ["company_id", "state_id", "city"],
    }

    mailing_id = fields.Many2one("mailing.mailing", string="Campaign", readonly=True)
    name = fields.Char(string="Subject", readonly=True)
    mailing_type = fields.Selection(
        [("mail", "Email"), ("sms", "SMS")], string="Channel", readonly=True
    )
    campaign_id = fields.Many2one(
        "utm.campaign", string="Marketing Campaign", readonly=True
    )
    program_id = fields.Many2one("loyalty.program", string="Promotion", readonly=True)
    sent_date = fields.Datetime(readonly=True)
    sent_count = fields.Integer(
        string="Sent",
        readonly=True,
        help="Emails sent or SMS handed to the provider, to customers of the "
        "store (their home store).",
    )
    opened_count = fields.Integer(
        string="Opened", readonly=True, help="Emails opened (not for SMS)."
    )
    clicked_count = fields.Integer(
        string="Clicked", readonly=True, help="Messages with a link clicked."
    )
    order_count = fields.Integer(
        string="Orders",
        readonly=True,
        help="Orders of the recipients in the store during the attribution "
        "window (till refunds count as orders).",
    )
    redeemed_count = fields.Integer(
        string="Redeemed",
        readonly=True,
        help="Orders of the recipients in the store during the attribution "
        "window that use a reward of the campaign's promotion.",
    )
    revenue = fields.Float(
        digits="Product Price",
        readonly=True,
        help="Untaxed sales to the recipients in the store during the "
        "attribution window, company currency, refunds deducted.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH %(ctes)s
            SELECT row_number() OVER (
                       ORDER BY k.mailing_id, k.store_id NULLS FIRST) AS id,
                   k.mailing_id, k.store_id, st.company_id, st.state_id,
                   st.city, m.subject AS name, m.mailing_type,
                   m.campaign_id, m.multistore_program_id AS program_id,
                   m.sent_date,
                   COALESCE(h.sent_count, 0) AS sent_count,
                   COALESCE(h.opened_count, 0) AS opened_count,
                   COALESCE(h.clicked_count, 0) AS clicked_count,
                   COALESCE(s.order_count, 0) AS order_count,
                   COALESCE(s.redeemed_count, 0) AS redeemed_count,
                   COALESCE(s.revenue, 0.0) AS revenue
              FROM (SELECT mailing_id, store_id FROM home
                    UNION
                    SELECT mailing_id, store_id FROM sold) k
              JOIN mailing_mailing m ON m.id = k.mailing_id
              LEFT JOIN multistore_store st ON st.id = k.store_id
              LEFT JOIN home h ON h.mailing_id = k.mailing_id
                              AND h.store_id IS NOT DISTINCT FROM k.store_id
              LEFT JOIN sold s ON s.mailing_id = k.mailing_id
                              AND s.store_id IS NOT DISTINCT FROM k.store_id
            """,
            ctes=SQL(", ").join(
                [
                    SQL("traces AS (%s)", self._traces_sql()),
                    SQL("home AS (%s)", self._home_sql()),
                    SQL("recipients AS (%s)", self._recipients_sql()),
                    SQL("orders AS (%s)", member_spend_sql()),
                    SQL("sold AS (%s)", self._sold_sql()),
                ]
            ),
        )

    def _traces_sql(self):
        """Each trace with its recipient (commercial entity) and outcome."""
        return SQL(
            """
            SELECT t.mass_mailing_id AS mailing_id,
                   COALESCE(
                       (SELECT p.commercial_partner_id FROM res_partner p
                         WHERE t.model = 'res.partner' AND p.id = t.res_id),
                       (SELECT p.commercial_partner_id FROM res_partner p
                         WHERE t.email IS NOT NULL
                           AND p.email_normalized = t.email
                         ORDER BY p.active DESC, p.id LIMIT 1),
                       (SELECT p.commercial_partner_id FROM res_partner p
                         WHERE t.sms_number IS NOT NULL
                           AND p.phone_sanitized = t.sms_number
                         ORDER BY p.active DESC, p.id LIMIT 1)
                   ) AS partner_id,
                   t.trace_status IN %(sent)s AS is_sent,
                   (t.open_datetime IS NOT NULL
                    OR t.trace_status IN ('open', 'reply')) AS is_opened,
                   t.links_click_datetime IS NOT NULL AS is_clicked
              FROM mailing_trace t
             WHERE t.mass_mailing_id IS NOT NULL
            """,
            sent=SENT_STATES,
        )

    def _home_sql(self):
        """Sent, opened, clicked per campaign and home store."""
        return SQL(
            """
            SELECT tr.mailing_id, pr.favourite_store_id AS store_id,
                   COUNT(*) FILTER (WHERE tr.is_sent) AS sent_count,
                   COUNT(*) FILTER (WHERE tr.is_opened) AS opened_count,
                   COUNT(*) FILTER (WHERE tr.is_clicked) AS clicked_count
              FROM traces tr
              LEFT JOIN multistore_customer_profile pr
                     ON pr.partner_id = tr.partner_id
             WHERE tr.is_sent OR tr.is_opened OR tr.is_clicked
             GROUP BY tr.mailing_id, pr.favourite_store_id
            """
        )

    def _recipients_sql(self):
        """Each customer a campaign reached, once, with its window."""
        return SQL(
            """
            SELECT DISTINCT tr.mailing_id, tr.partner_id, m.sent_date AS date_from,
                   m.sent_date + make_interval(
                       days => m.multistore_attribution_days) AS date_to,
                   m.multistore_program_id AS program_id
              FROM traces tr
              JOIN mailing_mailing m ON m.id = tr.mailing_id
             WHERE tr.is_sent AND tr.partner_id IS NOT NULL
               AND m.sent_date IS NOT NULL
            """
        )

    def _sold_sql(self):
        """Orders, redeemed orders and revenue per campaign and order store."""
        return SQL(
            """
            SELECT r.mailing_id, o.store_id,
                   COUNT(*) AS order_count,
                   COUNT(*) FILTER (WHERE r.program_id IS NOT NULL AND (
                       (o.source = 'pos' AND EXISTS (
                           SELECT 1 FROM pos_order_line l
                             JOIN loyalty_reward rw ON rw.id = l.reward_id
                            WHERE l.order_id = o.order_id
                              AND rw.program_id = r.program_id))
                       OR (o.source = 'sale' AND EXISTS (
                           SELECT 1 FROM sale_order_line l
                             JOIN loyalty_reward rw ON rw.id = l.reward_id
                            WHERE l.order_id = o.order_id
                              AND rw.program_id = r.program_id))
                   )) AS redeemed_count,
                   SUM(o.amount) AS revenue
              FROM recipients r
              JOIN res_partner op ON op.commercial_partner_id = r.partner_id
              JOIN orders o ON o.partner_id = op.id
                           AND o.date_order >= r.date_from
                           AND o.date_order < r.date_to
             GROUP BY r.mailing_id, o.store_id
            """
        )
