from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize

from .multistore_customer_profile import RFM_SEGMENTS

MONTHS = [(str(month), str(month)) for month in range(1, 13)]


class MultistoreCustomerSegment(models.Model):
    """Customers chosen by rules a marketer composes, read from the profiles.

    Every rule set narrows the segment (AND): favourite store, a product
    category bought (or one of its subcategories), member tier, birthday
    month, no purchase for N days, RFM segment. A segment of a store
    (``store_id``) keeps only the customers who bought in that store; a
    chain segment (no store) is the chain's. Members are computed in SQL
    over ``multistore.customer.profile`` at each read: the profiles are
    chain-wide (customers are), the count per store reads the store facts
    under the store rules, so store staff see their stores' counts only.
    """

    _name = "multistore.customer.segment"
    _description = "Customer Segment"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    store_id = fields.Many2one(
        "multistore.store",
        index="btree_not_null",
        check_company=True,
        default=lambda self: self._default_store_id(),
        help="Segment of this store: only its customers. Empty: a chain "
        "segment, which only chain managers create.",
    )
    favourite_store_id = fields.Many2one(
        "multistore.store",
        string="Store of Preference",
        check_company=True,
        help="Customers who spend most in this store.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Category Bought",
        help="Customers who bought products of this category or of its "
        "subcategories (net of refunds).",
    )
    tier_id = fields.Many2one(
        "multistore.loyalty.tier", string="Member Tier", check_company=True
    )
    birthday_month = fields.Selection(MONTHS)
    lapsed_days = fields.Integer(
        string="Lapsed For (Days)",
        help="Customers without a purchase for at least this many days (0: any).",
    )
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="RFM Segment")
    member_count = fields.Integer(string="Members", compute="_compute_member_count")
    store_member_html = fields.Html(
        string="Members per Store",
        compute="_compute_member_count",
        sanitize=False,
        help="Members who bought in each store you may read.",
    )
    mailing_list_id = fields.Many2one("mailing.list", readonly=True, copy=False)

    _sql_constraints = [
        (
            "lapsed_days_positive",
            "CHECK(lapsed_days >= 0)",
            "The number of days without purchase cannot be negative.",
        ),
    ]

    @api.model
    def _default_store_id(self):
        user = self.env.user
        return user.store_id if user._is_store_restricted() else False

    def _compute_member_count(self):
        for segment in self:
            members = segment._members_sql()
            segment.member_count = self.env.execute_query(
                SQL("SELECT COUNT(*) FROM (%s) m", members)
            )[0][0]
            segment.store_member_html = segment._store_member_html(members)

    @api.constrains("store_id")
    def _check_store_id(self):
        user = self.env.user
        if self.env.su or not user._is_store_restricted():
            return
        for segment in self:
            if segment.store_id not in user.store_ids:
                raise ValidationError(
                    self.env._(
                        "You may only create segments of your stores: choose "
                        "one of them as the segment's store (%(segment)s).",
                        segment=segment.name,
                    )
                )

    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_crm.multistore_customer_profile_action"
        )
        action["domain"] = [("partner_id", "in", self._member_ids())]
        action["context"] = {}
        return action

    def action_export_mailing_list(self):
        """Create or update the segment's mailing list with its members who
        have an email: contacts created as needed, former members removed.

        A store segment is exported by its store's staff, a chain segment by
        a chain manager.
        """
        self.ensure_one()
        action = self.env._("export the segment %(segment)s", segment=self.name)
        if self.store_id:
            self._multistore_check_store_role(self.store_id, action=action)
        else:
            self._multistore_require_group(
                "multistore_base.group_chain_manager", action=action
            )
        emails = self._member_emails()
        if not emails:
            raise UserError(
                self.env._(
                    "No member of %(segment)s has an email address: widen the "
                    "rules or complete the customers' emails first.",
                    segment=self.name,
                )
            )
        # sudo(): mailing lists and contacts belong to the marketing app,
        # which store staff do not hold; the role is checked above and only
        # this segment's list and its members' contacts are written.
        mailing_list = self.mailing_list_id.sudo()
        if not mailing_list:
            mailing_list = mailing_list.create({"name": self.name})
            self.sudo().mailing_list_id = mailing_list
        Contact = self.env["mailing.contact"].sudo()
        contacts = Contact.search([("email_normalized", "in", list(emails))])
        known = {contact.email_normalized: contact for contact in contacts}
        missing = [email for email in emails if email not in known]
        contacts |= Contact.create(
            [{"name": emails[email], "email": email} for email in missing]
        )
        mailing_list.contact_ids = [Command.set(contacts.ids)]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._(
                    "Mailing list %(list)s: %(count)s contacts.",
                    list=mailing_list.name,
                    count=len(contacts),
                ),
                "type": "success",
                "sticky": False,
            },
        }

    def _member_ids(self):
        self.ensure_one()
        return [row[0] for row in self.env.execute_query(self._members_sql())]

    def _member_emails(self):
        """{normalized email: name} of the members (one per email)."""
        rows = self.env.execute_query(
            SQL(
                """SELECT rp.email, rp.name FROM res_partner rp
                    WHERE rp.id IN (%s) AND rp.email IS NOT NULL
                    ORDER BY rp.id""",
                self._members_sql(),
            )
        )
        emails = {}
        for email, name in rows:
            normalized = email_normalize(email)
            if normalized and normalized not in emails:
                emails[normalized] = name or normalized
        return emails

    def _members_sql(self):
        """SQL of the ids of the members (customers with a purchase)."""
        self.ensure_one()
        self.env["multistore.customer.profile"].flush_model()
        self.env["res.partner"].flush_model(
            ["active", "birthday", "multistore_tier_id"]
        )
        conditions = [SQL("pr.last_date IS NOT NULL"), SQL("rp.active")]
        if self.store_id:
            conditions.append(
                SQL(
                    """EXISTS (SELECT 1 FROM multistore_customer_store_fact f
                                WHERE f.partner_id = pr.partner_id
                                  AND f.store_id = %s AND f.order_count > 0)""",
                    self.store_id.id,
                )
            )
        if self.favourite_store_id:
            conditions.append(
                SQL("pr.favourite_store_id = %s", self.favourite_store_id.id)
            )
        if self.categ_id:
            conditions.append(
                SQL(
                    """EXISTS (SELECT 1 FROM multistore_customer_category_fact cf
                                 JOIN product_category pc ON pc.id = cf.categ_id
                                WHERE cf.partner_id = pr.partner_id
                                  AND cf.amount > 0
                                  AND pc.parent_path LIKE %s)""",
                    f"{self.categ_id.sudo().parent_path}%",
                )
            )
        if self.tier_id:
            conditions.append(SQL("rp.multistore_tier_id = %s", self.tier_id.id))
        if self.birthday_month:
            conditions.append(
                SQL(
                    "EXTRACT(MONTH FROM rp.birthday) = %s",
                    int(self.birthday_month),
                )
            )
        if self.lapsed_days:
            conditions.append(
                SQL(
                    "pr.last_date < (now() AT TIME ZONE 'UTC') "
                    "- make_interval(days => %s)",
                    self.lapsed_days,
                )
            )
        if self.rfm_segment:
            conditions.append(SQL("pr.rfm_segment = %s", self.rfm_segment))
        return SQL(
            """SELECT pr.partner_id FROM multistore_customer_profile pr
                 JOIN res_partner rp ON rp.id = pr.partner_id
                WHERE %s""",
            SQL(" AND ").join(conditions),
        )

    def _store_member_html(self, members):
        """Members per store, over the store facts the user may read."""
        Fact = self.env["multistore.customer.store.fact"]
        Fact.flush_model()
        query = Fact._search([("order_count", ">", 0)])
        query.add_where(
            SQL("%s IN (%s)", SQL.identifier(Fact._table, "partner_id"), members)
        )
        store = SQL.identifier(Fact._table, "store_id")
        query.groupby = store
        rows = self.env.execute_query(query.select(store, SQL("COUNT(*)")))
        stores = self.env["multistore.store"].browse([row[0] for row in rows])
        names = {store.id: store.display_name for store in stores}
        body = Markup("").join(
            Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
            % (names[store_id], count)
            for store_id, count in sorted(rows, key=lambda row: names[row[0]])
        )
        return Markup("<table class='table table-sm'><tbody>%s</tbody></table>") % (
            body
        )
