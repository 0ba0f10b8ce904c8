from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize

from ..tools.masking import is_masked, mask_email, mask_phone

CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"
STORE_STAFF_GROUP = "multistore_base.group_store_user"
CLEAR_CONTACT_GROUP = "multistore_privacy.group_privacy_clear_contact"
# Fields masked for store roles, and how.
MASKED_FIELDS = {
    "email": mask_email,
    "email_normalized": mask_email,
    "email_formatted": mask_email,
    "phone": mask_phone,
    "mobile": mask_phone,
    "phone_sanitized": mask_phone,
}
# Searches on these fields by a masked user must give a whole value: a part of
# a number or an address would tell, search after search, what the mask hides.
PROBED_FIELDS = {
    "email": "email",
    "email_normalized": "email",
    "email_formatted": "email",
    "phone": "phone",
    "mobile": "phone",
    "phone_sanitized": "phone",
    "phone_mobile_search": "phone",
}
# A whole phone number: a landline has 8 digits at least.
MIN_PHONE_DIGITS = 8
NEGATIVE_OPERATORS = {"!=", "not like", "not ilike", "not in", "not =like", "<>"}
ORDER_OPERATORS = {"<", ">", "<=", ">="}
CONSENT_FIELDS = {
    "email": "multistore_consent_email",
    "sms": "multistore_consent_sms",
    "phone": "multistore_consent_phone",
}


class ResPartner(models.Model):
    """Consent per channel, masked contact details, export and erasure.

    **Masking** (decision): users of the store roles (store staff and store
    managers) who do not hold *See customer contact details* (implied by
    Chain manager) read every customer's phone, mobile and email masked
    (``138****5678``, ``z***@example.com``) through every read path of the
    server: ``read``/``search_read``/``web_read`` (``_read_format``),
    ``export_data`` (``_export_rows``), display names with ``show_email``,
    and ``read_group`` on those fields is refused. The user's own partner,
    colleagues (internal users), companies and stores are not masked.
    Searching still matches the real values, so a cashier finds the customer
    in front of them by their phone number and attaches them to the order.
    The clear values of *the customer being served* are given by
    :meth:`multistore_privacy_till_lookup`: the cashier of an open till
    types the customer's full phone number or email, the server returns the
    clear contact details of the customers with exactly that number or
    address (the customer just said it) and logs the lookup. Writes are
    unaffected, except that writing back a masked value (a form or a till
    that sends what it read) leaves the real value in place.
    """

    _inherit = "res.partner"

    multistore_consent_ids = fields.One2many(
        "multistore.privacy.consent",
        "partner_id",
        string="Consent History",
        readonly=True,
    )
    multistore_consent_email = fields.Boolean(
        string="Email Marketing",
        compute="_compute_multistore_consent",
        store=True,
        help="The customer agreed to receive marketing emails (latest consent "
        "record of the channel).",
    )
    multistore_consent_sms = fields.Boolean(
        string="SMS Marketing",
        compute="_compute_multistore_consent",
        store=True,
        help="The customer agreed to receive marketing text messages.",
    )
    multistore_consent_phone = fields.Boolean(
        string="Phone Call Marketing",
        compute="_compute_multistore_consent",
        store=True,
        help="The customer agreed to receive marketing phone calls.",
    )
    multistore_privacy_erased = fields.Boolean(
        string="Erased",
        readonly=True,
        copy=False,
        help="The customer's personal data was erased: the record only keeps "
        "figures (orders, points).",
    )

    @api.depends(
        "multistore_consent_ids.channel",
        "multistore_consent_ids.granted",
        "multistore_consent_ids.date",
    )
    def _compute_multistore_consent(self):
        for partner in self:
            latest = {}
            # Newest first (the model's order): the first line of a channel
            # is its current state.
            for consent in partner.multistore_consent_ids.sorted(
                lambda c: (c.date, c.id), reverse=True
            ):
                latest.setdefault(consent.channel, consent.granted)
            for channel, fname in CONSENT_FIELDS.items():
                partner[fname] = latest.get(channel, False)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_multistore_privacy_record_consent(self):
        """Open the consent wizard (store roles: at the counter or the till)."""
        self.ensure_one()
        self._multistore_require_group(
            STORE_STAFF_GROUP, action=self.env._("record a customer's consent")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Consent"),
            "res_model": "multistore.privacy.consent.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_multistore_privacy_export(self):
        """Export everything held about the customer (chain managers)."""
        self.ensure_one()
        self._multistore_privacy_check_request(self.env._("export a customer's data"))
        request = self.env["multistore.privacy.request"]._export_partner(self)
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{request.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_multistore_privacy_erase(self):
        """Open the erasure confirmation (chain managers)."""
        self.ensure_one()
        self._multistore_privacy_check_request(self.env._("erase a customer"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Erase Customer"),
            "res_model": "multistore.privacy.erase.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @api.model
    def multistore_privacy_till_lookup(self, config_id, query):
        """Clear contact details of the customer being served at a till.

        ``query`` is the full phone number (any format) or email address the
        customer gives; ``config_id`` the till, which must have a session
        open in one of the user's stores. Returns the till's partner fields
        of the customers whose phone, mobile or email is exactly that (a
        partial number finds nothing). Each lookup is logged in the
        customer's chatter.
        """
        self._multistore_require_group(
            STORE_STAFF_GROUP, action=self.env._("look up a customer at a till")
        )
        config = self.env["pos.config"].browse(int(config_id)).exists()
        config.check_access("read")
        session = config.current_session_id
        if not session or session.state not in ("opening_control", "opened"):
            raise UserError(
                self.env._("Open the till's session before looking up a customer.")
            )
        partners = self._multistore_privacy_exact_matches(query)
        if not partners:
            return []
        fnames = self._load_pos_data_fields(config.id)
        # sudo(): the clear values of these customers only, who were found
        # by the exact number or address the customer gave.
        result = partners.sudo()._read_format(fnames, load=False)
        for partner in partners.sudo():
            partner.message_post(
                body=self.env._(
                    "Contact details shown at till %(till)s to %(user)s.",
                    till=config.name,
                    user=self.env.user.name,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return result

    # ------------------------------------------------------------------
    # Masking
    # ------------------------------------------------------------------
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked_fields = [name for name in fnames if name in MASKED_FIELDS]
        if masked_fields and self._multistore_privacy_masks():
            clear = self._multistore_privacy_clear_ids()
            for vals in result:
                if vals.get("id") in clear:
                    continue
                for name in masked_fields:
                    if name in vals:
                        vals[name] = MASKED_FIELDS[name](vals[name])
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        lines = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        masked = [
            (index, path[0])
            for index, path in enumerate(fields)
            if len(path) == 1 and path[0] in MASKED_FIELDS
        ]
        if masked and self._multistore_privacy_masks():
            clear = self._multistore_privacy_clear_ids()
            # Values of the records read in clear stay clear; lines of
            # x2many sub-records leave these columns empty.
            clear_values = {
                (name, record[name])
                for record in self
                if record.id in clear
                for _index, name in masked
            }
            for line in lines:
                for index, name in masked:
                    value = line[index] if index < len(line) else None
                    if isinstance(value, str) and (name, value) not in clear_values:
                        line[index] = MASKED_FIELDS[name](value)
        return lines

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        if self._multistore_privacy_masks():
            specs = list(groupby) + [spec for spec in aggregates if spec != "__count"]
            for spec in specs:
                name = spec.split(":")[0].split(".")[0]
                if name in MASKED_FIELDS:
                    raise AccessError(
                        self.env._(
                            "Customers' contact details are masked for your "
                            "role: you cannot group or aggregate by %(field)s.",
                            field=name,
                        )
                    )
        return super()._read_group(
            domain,
            groupby=groupby,
            aggregates=aggregates,
            having=having,
            offset=offset,
            limit=limit,
            order=order,
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._multistore_privacy_masks():
            domain = self._multistore_privacy_search_domain(domain)
            if order and any(
                part.split()[0].split(".")[0] in PROBED_FIELDS
                for part in order.split(",")
                if part.strip()
            ):
                raise AccessError(
                    self.env._(
                        "Customers' contact details are masked for your role: "
                        "you cannot sort customers by them."
                    )
                )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _search_display_name(self, operator, value):
        # Name searches look in the email too (``_rec_names_search``): the
        # same rule for it as for a search on the email itself.
        domain = super()._search_display_name(operator, value)
        if self._multistore_privacy_masks():
            domain = self._multistore_privacy_search_domain(domain)
        return domain

    @api.model
    def _multistore_privacy_search_domain(self, domain):
        """``domain`` where a masked user's conditions on a contact detail
        keep only whole values.

        A whole number or address (the customer in front of the cashier)
        matches as usual; a part of one matches nobody (name searches,
        which also look in the email, go on by name), and negative or
        ordering conditions on a part are refused: either would reveal,
        search after search, what the mask hides."""
        result = []
        for item in expression.distribute_not(expression.normalize_domain(domain)):
            if not expression.is_leaf(item) or item in (
                expression.TRUE_LEAF,
                expression.FALSE_LEAF,
            ):
                result.append(item)
                continue
            left, operator, value = item
            kind = (
                PROBED_FIELDS.get(left.split(".")[0]) if isinstance(left, str) else None
            )
            if kind is None or value in (False, None):
                result.append(item)
                continue
            if self._multistore_privacy_whole(kind, value):
                if kind == "email" and operator in ("like", "ilike"):
                    # The whole address, not another one ending with it.
                    item = (left, "=ilike", value.strip("%"))
                result.append(item)
                continue
            if operator in NEGATIVE_OPERATORS or operator in ORDER_OPERATORS:
                raise AccessError(
                    self.env._(
                        "Customers' contact details are masked for your role: "
                        "search a customer by their whole phone number or email "
                        "address, not by a part of it."
                    )
                )
            result.append(expression.FALSE_LEAF)
        return result

    @api.model
    def _multistore_privacy_whole(self, kind, value):
        """Whether ``value`` (or every value of a list) is a whole email
        address or phone number."""
        values = value if isinstance(value, (list, tuple)) else [value]
        if not values:
            return True
        for item in values:
            if not isinstance(item, str):
                return False
            if kind == "email":
                if not email_normalize(item.strip("%")):
                    return False
            elif sum(char.isdigit() for char in item) < MIN_PHONE_DIGITS:
                return False
        return True

    def _compute_display_name(self):
        super()._compute_display_name()
        if not self.env.context.get("show_email"):
            return
        # name_search and many2one reads compute display names as superuser
        # for the user: mask for the user behind the superuser too.
        if not self._multistore_privacy_masks(ignore_su=True):
            return
        clear = self._multistore_privacy_clear_ids()
        for partner in self:
            if partner.id in clear or not partner.email:
                continue
            partner.display_name = partner.display_name.replace(
                partner.email, mask_email(partner.email)
            )

    def write(self, vals):
        if self._multistore_privacy_masks() and any(
            name in vals and is_masked(vals[name]) for name in MASKED_FIELDS
        ):
            # A client that writes back what it read (the till's customer
            # editor, an import of an export) sends masked values: keep
            # the real ones. A new real value is written as usual.
            vals = dict(vals)
            for name in MASKED_FIELDS:
                if name in vals and is_masked(vals[name]):
                    del vals[name]
        return super().write(vals)

    def _multistore_privacy_masks(self, ignore_su=False):
        """Whether the current user reads customers' contact details masked."""
        if self.env.su and not ignore_su:
            return False
        user = self.env.user
        return user.has_group(STORE_STAFF_GROUP) and not user.has_group(
            CLEAR_CONTACT_GROUP
        )

    def _multistore_privacy_clear_ids(self):
        """Ids among ``self`` read in clear by a masked user: their own
        partner, colleagues' (internal users), companies' and stores'."""
        ids = set(self._ids) - {False}
        if not ids:
            return set()
        ids = {i for i in ids if isinstance(i, int)}
        clear = {self.env.user.partner_id.id}
        # One query whatever the number of partners read (internal users of
        # any state, active companies, stores of any state).
        self.env["res.users"].flush_model(["share", "partner_id"])
        self.env["res.company"].flush_model(["active", "partner_id"])
        self.env["multistore.store"].flush_model(["partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id FROM res_users
                 WHERE share IS NOT TRUE AND partner_id = ANY(%(ids)s)
                 UNION
                SELECT partner_id FROM res_company
                 WHERE active AND partner_id = ANY(%(ids)s)
                 UNION
                SELECT partner_id FROM multistore_store
                 WHERE partner_id = ANY(%(ids)s)
                """,
                ids=list(ids),
            )
        )
        clear.update(row[0] for row in rows)
        return clear & ids

    @api.model
    def _multistore_privacy_exact_matches(self, query):
        """Partners whose email, phone or mobile is exactly ``query``."""
        query = (query or "").strip()
        if len(query) < 5:
            return self.browse()
        Partner = self.sudo().with_context(active_test=True)
        email = email_normalize(query)
        if email:
            return Partner.search([("email_normalized", "=", email)], limit=10)
        number = self._phone_format(number=query) or query
        digits = "".join(char for char in query if char.isdigit())
        candidates = Partner.search([("phone_mobile_search", "like", digits)], limit=50)
        return candidates.filtered(
            lambda p: any(
                value
                and (
                    p._phone_format(number=value) == number
                    or "".join(c for c in value if c.isdigit()) == digits
                )
                for value in (p.phone, p.mobile)
            )
        )[:10]

    def _multistore_privacy_check_request(self, action):
        """Chain managers only; customers only (not users, companies of the
        database, stores); not twice."""
        self._multistore_require_group(CHAIN_MANAGER_GROUP, action=action)
        partner = self.sudo()
        internal = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("partner_id", "=", partner.id), ("share", "=", False)])
        )
        if (
            internal
            or partner
            in self.env["res.company"].sudo().search([]).partner_id
            | self.env["multistore.store"].sudo().search([]).partner_id
        ):
            raise UserError(
                self.env._(
                    "%(partner)s is a user, a company or a store of the chain, "
                    "not a customer: its data is not handled here.",
                    partner=partner.display_name,
                )
            )
