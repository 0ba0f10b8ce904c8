from odoo import api, fields, models
from odoo.tools import SQL

# A customer whose first purchase is this recent is "new", whatever the scores.
NEW_CUSTOMER_DAYS = 30

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential"),
    ("at_risk", "At Risk"),
    ("lapsed", "Lapsed"),
    ("new", "New"),
]


class MultistoreCustomerProfile(models.Model):
    """The customer 360 of one customer: their purchases in every store.

    One row per customer (commercial entity), chain-wide: customers are
    chain-wide in Multistore (see architecture.md, "Who sees what"), so a
    store's staff read the whole profile of a customer in front of them,
    while the per-store rows (``multistore.customer.store.fact``) stay
    scoped. Written only by the refresh, from the store and category facts:
    reading a customer's 360 is one lookup on the unique ``partner_id``.

    RFM scores, 1 (worst) to 5 (best), are quintiles (``ntile(5)``) over
    every customer with a purchase: *R* orders by last purchase (oldest
    first), *F* by visits, *M* by amount, ties broken by customer id. The
    segment is the first that matches:

    - *new*: first purchase in the last 30 days;
    - *champions*: R, F and M of at least 4;
    - *loyal*: R of at least 3 and F of at least 4;
    - *at_risk*: R of at most 2 and F of at least 3 (used to come often);
    - *lapsed*: R of at most 2;
    - *potential*: every other customer (recent, not yet frequent).
    """

    _name = "multistore.customer.profile"
    _description = "Customer 360"
    _order = "amount desc, partner_id"
    _rec_name = "partner_id"
    # Written by SQL only, hundreds of thousands of rows a night: no
    # create/write columns (and their foreign keys to res_users).
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Total Amount",
        readonly=True,
        help="Untaxed purchases in every store and online, company currency, "
        "refunds deducted.",
    )
    order_count = fields.Integer(string="Visits", readonly=True)
    refund_count = fields.Integer(string="Returns", readonly=True)
    refund_amount = fields.Monetary(string="Refunded", readonly=True)
    average_basket = fields.Monetary(readonly=True)
    first_date = fields.Datetime(string="First Purchase", readonly=True)
    last_date = fields.Datetime(string="Last Visit", readonly=True)
    days_since = fields.Integer(
        string="Days Since Last Visit", compute="_compute_days_since"
    )
    favourite_store_id = fields.Many2one(
        "multistore.store",
        readonly=True,
        index="btree_not_null",
        help="The store where the customer spends most.",
    )
    favourite_categ_1_id = fields.Many2one(
        "product.category", string="Favourite Category", readonly=True
    )
    favourite_categ_2_id = fields.Many2one(
        "product.category", string="Second Category", readonly=True
    )
    favourite_categ_3_id = fields.Many2one(
        "product.category", string="Third Category", readonly=True
    )
    open_order_count = fields.Integer(
        string="Open Sales Orders",
        readonly=True,
        help="Quotations and confirmed sales orders not fully delivered, at "
        "the last refresh.",
    )
    rfm_recency = fields.Integer(string="R", readonly=True, aggregator="avg")
    rfm_frequency = fields.Integer(string="F", readonly=True, aggregator="avg")
    rfm_monetary = fields.Integer(string="M", readonly=True, aggregator="avg")
    rfm_score = fields.Char(string="RFM", readonly=True)
    rfm_segment = fields.Selection(
        RFM_SEGMENTS, string="Segment", readonly=True, index=True
    )

    _sql_constraints = [
        (
            "partner_uniq",
            "unique(partner_id)",
            "One profile per customer: refresh the customer facts instead.",
        ),
    ]

    @api.depends("last_date")
    def _compute_days_since(self):
        now = fields.Datetime.now()
        for profile in self:
            last = profile.last_date
            profile.days_since = (now - last).days if last else 0

    def action_view_store_facts(self):
        """The customer's rows per store (scoped by the store rules)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_crm.multistore_customer_store_fact_action"
        )
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {}
        return action

    @api.model
    def _insert_profiles_sql(self):
        """Profiles from the store and category facts (already refreshed)
        and the customers' open sales orders, with their RFM scores."""
        facts = self.env["multistore.customer.store.fact"]._table
        categs = self.env["multistore.customer.category.fact"]._table
        return SQL(
            """
            WITH totals AS (
                SELECT partner_id, SUM(amount) AS amount,
                       SUM(order_count) AS order_count,
                       SUM(refund_count) AS refund_count,
                       SUM(refund_amount) AS refund_amount,
                       MIN(first_date) AS first_date, MAX(last_date) AS last_date
                  FROM %(facts)s GROUP BY partner_id
            ), favourite AS (
                SELECT DISTINCT ON (partner_id) partner_id, store_id, company_id
                  FROM %(facts)s
                 ORDER BY partner_id, amount DESC, store_id
            ), top_categs AS (
                SELECT partner_id,
                       MIN(categ_id) FILTER (WHERE rank = 1) AS categ_1,
                       MIN(categ_id) FILTER (WHERE rank = 2) AS categ_2,
                       MIN(categ_id) FILTER (WHERE rank = 3) AS categ_3
                  FROM %(categs)s WHERE rank <= 3 GROUP BY partner_id
            ), rfm AS (
                SELECT partner_id,
                       ntile(5) OVER (ORDER BY last_date, partner_id) AS r,
                       ntile(5) OVER (ORDER BY order_count, partner_id) AS f,
                       ntile(5) OVER (ORDER BY amount, partner_id) AS m
                  FROM totals WHERE last_date IS NOT NULL
            ), open_orders AS (
                SELECT p.commercial_partner_id AS partner_id, COUNT(*) AS n
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.state IN ('draft', 'sent')
                    OR (so.state = 'sale'
                        AND so.delivery_status IN ('pending', 'started', 'partial'))
                 GROUP BY p.commercial_partner_id
            ), customers AS (
                SELECT partner_id FROM totals
                 UNION
                SELECT partner_id FROM open_orders
            )
            INSERT INTO %(table)s (partner_id, company_id, amount, order_count,
                   refund_count, refund_amount, average_basket, first_date,
                   last_date, favourite_store_id, favourite_categ_1_id,
                   favourite_categ_2_id, favourite_categ_3_id, open_order_count,
                   rfm_recency, rfm_frequency, rfm_monetary, rfm_score,
                   rfm_segment)
            SELECT c.partner_id, COALESCE(fav.company_id, cp.company_id,
                   %(company)s),
                   COALESCE(t.amount, 0), COALESCE(t.order_count, 0),
                   COALESCE(t.refund_count, 0), COALESCE(t.refund_amount, 0),
                   COALESCE(t.amount / NULLIF(t.order_count, 0), 0),
                   t.first_date, t.last_date, fav.store_id, tc.categ_1,
                   tc.categ_2, tc.categ_3, COALESCE(oo.n, 0),
                   rfm.r, rfm.f, rfm.m,
                   rfm.r::text || rfm.f::text || rfm.m::text,
                   CASE
                     WHEN rfm.r IS NULL THEN NULL
                     WHEN t.first_date >= (now() AT TIME ZONE 'UTC')
                          - make_interval(days => %(new_days)s) THEN 'new'
                     WHEN rfm.r >= 4 AND rfm.f >= 4 AND rfm.m >= 4
                          THEN 'champions'
                     WHEN rfm.r >= 3 AND rfm.f >= 4 THEN 'loyal'
                     WHEN rfm.r <= 2 AND rfm.f >= 3 THEN 'at_risk'
                     WHEN rfm.r <= 2 THEN 'lapsed'
                     ELSE 'potential'
                   END
              FROM customers c
              JOIN res_partner cp ON cp.id = c.partner_id
              LEFT JOIN totals t ON t.partner_id = c.partner_id
              LEFT JOIN favourite fav ON fav.partner_id = c.partner_id
              LEFT JOIN top_categs tc ON tc.partner_id = c.partner_id
              LEFT JOIN rfm ON rfm.partner_id = c.partner_id
              LEFT JOIN open_orders oo ON oo.partner_id = c.partner_id
            """,
            table=SQL.identifier(self._table),
            facts=SQL.identifier(facts),
            categs=SQL.identifier(categs),
            company=self.env.company.id,
            new_days=NEW_CUSTOMER_DAYS,
        )
