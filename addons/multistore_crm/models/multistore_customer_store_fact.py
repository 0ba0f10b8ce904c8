import logging

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import member_spend_sql

_logger = logging.getLogger(__name__)

CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"


class MultistoreCustomerStoreFact(models.Model):
    """What a customer bought in one store, online store included.

    One row per customer (commercial entity) and store, written only by the
    SQL of :meth:`_refresh_customer_facts` from the sold orders as
    ``multistore_base.tools.sales_rules.member_spend_sql`` defines them
    (till orders paid, posted or invoiced, refunds negative; confirmed sales
    orders, the online store's included; untaxed, company currency). The
    customer 360 and the segments read these rows, never the order lines.
    """

    _name = "multistore.customer.store.fact"
    _description = "Customer Purchases per Store"
    _order = "partner_id, amount desc"
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
    store_id = fields.Many2one(
        "multistore.store",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        readonly=True,
        help="Untaxed purchases in the company currency, refunds deducted.",
    )
    order_count = fields.Integer(
        string="Visits",
        readonly=True,
        help="Till orders and confirmed sales orders, refunds not counted.",
    )
    refund_count = fields.Integer(string="Refunds", readonly=True)
    refund_amount = fields.Monetary(
        string="Refunded", readonly=True, help="Untaxed amount of the refunds."
    )
    first_date = fields.Datetime(string="First Purchase", readonly=True)
    last_date = fields.Datetime(string="Last Purchase", readonly=True)

    _sql_constraints = [
        (
            "partner_store_uniq",
            "unique(partner_id, store_id)",
            "One row per customer and store: refresh the customer facts instead.",
        ),
    ]

    @api.model
    def action_refresh_customer_facts(self):
        """Refresh now (menu, server action): the nightly run, on demand.

        Chain managers only: the refresh rewrites the figures of every
        customer in every store, which no store role may read in full.
        """
        self._multistore_require_group(
            CHAIN_MANAGER_GROUP, action=self.env._("refresh the customer figures")
        )
        self._refresh_customer_facts()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("Customer figures are up to date."),
                "type": "success",
                "sticky": False,
            },
        }

    @api.model
    def _cron_refresh_customer_facts(self):
        self._refresh_customer_facts()

    @api.model
    def _refresh_customer_facts(self):
        """Rebuild the store facts, the category facts and the profiles.

        Three set-based statements (delete then insert, in the caller's
        transaction: a failure leaves the previous figures in place). Each
        table is read by the next one: orders -> store facts, order lines ->
        category facts, both -> profiles with their RFM scores.
        """
        self.env.flush_all()
        cr = self.env.cr
        Categ = self.env["multistore.customer.category.fact"]
        Profile = self.env["multistore.customer.profile"]
        for model in (Profile, Categ, self):
            cr.execute(SQL("DELETE FROM %s", SQL.identifier(model._table)))
        cr.execute(self._insert_facts_sql())
        facts = cr.rowcount
        cr.execute(Categ._insert_facts_sql())
        # The profiles read the tables just written: fresh statistics, or
        # the planner takes them for empty and nests loops over them.
        for model in (self, Categ):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(model._table)))
        cr.execute(Profile._insert_profiles_sql())
        profiles = cr.rowcount
        cr.execute(SQL("ANALYZE %s", SQL.identifier(Profile._table)))
        for model in (self, Categ, Profile):
            model.invalidate_model()
        _logger.info(
            "Customer facts refreshed: %s store rows, %s profiles", facts, profiles
        )
        return True

    @api.model
    def _insert_facts_sql(self):
        return SQL(
            """
            INSERT INTO %(table)s (partner_id, store_id, company_id, amount,
                   order_count, refund_count, refund_amount, first_date,
                   last_date)
            SELECT p.commercial_partner_id, o.store_id, s.company_id,
                   SUM(o.amount),
                   COUNT(*) FILTER (WHERE o.amount >= 0),
                   COUNT(*) FILTER (WHERE o.amount < 0),
                   COALESCE(-SUM(o.amount) FILTER (WHERE o.amount < 0), 0),
                   MIN(o.date_order) FILTER (WHERE o.amount >= 0),
                   MAX(o.date_order) FILTER (WHERE o.amount >= 0)
              FROM (%(orders)s) o
              JOIN res_partner p ON p.id = o.partner_id
              JOIN multistore_store s ON s.id = o.store_id
             GROUP BY p.commercial_partner_id, o.store_id, s.company_id
            """,
            table=SQL.identifier(self._table),
            orders=member_spend_sql(),
        )
