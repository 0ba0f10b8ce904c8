import base64
import json
import logging
import re

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"
# Partner fields an erasure empties (those that exist in the database).
ERASED_PARTNER_FIELDS = (
    "phone",
    "mobile",
    "email",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "vat",
    "comment",
    "website",
    "function",
    "title",
    "ref",
    "barcode",
    "image_1920",
    "birthday",
    "company_name",
    "company_registry",
    "partner_latitude",
    "partner_longitude",
    "signup_token",
)
# Partner values searched for in the rows linked to the customer (name,
# contact details, street) and replaced; shorter values are skipped.
MIN_SCRUB_LENGTH = 2
REPLACEMENT = "***"
# Models the export reads when their addon is installed, with the field that
# names the customer (models of other addons: read only when present).
OPTIONAL_EXPORT_MODELS = (
    ("helpdesk.ticket", "partner_id"),
    ("survey.user_input", "partner_id"),
    ("payment.transaction", "partner_id"),
    ("website.visitor", "partner_id"),
)


class MultistorePrivacyRequest(models.Model):
    """A data request a chain manager carried out for a customer: an export
    of everything the chain holds about them, or their erasure.

    The log says who, when and for which (now anonymous) customer; never
    what was erased. Lines are written by the actions only and never
    changed. The work itself is here: ``_export_partner`` gathers the
    customer's data into a JSON attachment, ``_erase_partner`` anonymises the
    customer and scrubs the copies of their name, contact details and
    address that Odoo keeps in other tables.
    """

    _name = "multistore.privacy.request"
    _description = "Customer Data Request"
    _order = "date desc, id desc"
    _rec_name = "reference"

    request_type = fields.Selection(
        [("export", "Export"), ("erasure", "Erasure")],
        required=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index=True,
        ondelete="set null",
        context={"active_test": False},
    )
    reference = fields.Char(readonly=True)
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Done By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Export File", readonly=True, ondelete="set null"
    )

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def _export_partner(self, partner):
        """Create the export request of ``partner`` with its JSON file."""
        self._multistore_require_group(
            CHAIN_MANAGER_GROUP, action=self.env._("export a customer's data")
        )
        partner.ensure_one()
        # sudo(): the export is complete by definition (every store, every
        # company, archived contacts); the chain manager's role is checked
        # above and only this customer's records are read.
        data = self.sudo()._collect_partner_data(partner.sudo())
        content = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        filename = f"customer-{partner.id}-personal-data.json"
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "datas": base64.b64encode(content.encode()),
                    "mimetype": "application/json",
                    "res_model": "res.partner",
                    "res_id": partner.id,
                }
            )
        )
        return self.sudo().create(
            {
                "request_type": "export",
                "partner_id": partner.id,
                "reference": self.env._("Export of customer #%(id)s", id=partner.id),
                "attachment_id": attachment.id,
                "user_id": self.env.uid,
            }
        )

    def _collect_partner_data(self, partner):
        """{section: [records as dicts]} of everything about ``partner``."""
        partners = partner.with_context(active_test=False).search(
            [("id", "child_of", partner.id)]
        )
        data = {
            "customer": self._export_records(partner),
            "contacts_and_addresses": self._export_records(partners - partner),
            "consents": self._export_records(partners.multistore_consent_ids),
        }
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        data["user_accounts"] = self._export_records(
            users, ["login", "active", "login_date", "create_date"]
        )
        Card = self.env["loyalty.card"]
        cards = Card.search([("partner_id", "in", partners.ids)])
        data["loyalty_cards"] = self._export_records(cards)
        data["loyalty_history"] = self._export_records(cards.history_ids)
        pos_orders = self.env["pos.order"].search([("partner_id", "in", partners.ids)])
        data["till_orders"] = self._export_records(pos_orders)
        data["till_order_lines"] = self._export_records(pos_orders.lines)
        sales = self.env["sale.order"].search([("partner_id", "in", partners.ids)])
        data["sales_orders"] = self._export_records(sales)
        data["sales_order_lines"] = self._export_records(sales.order_line)
        moves = self.env["account.move"].search(
            [
                ("partner_id", "in", partners.ids),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        data["invoices"] = self._export_records(
            moves,
            [
                "name",
                "move_type",
                "state",
                "invoice_date",
                "amount_untaxed",
                "amount_total",
                "currency_id",
                "invoice_partner_display_name",
            ],
        )
        commercial = partner.commercial_partner_id
        data["customer_360"] = self._export_records(
            self.env["multistore.customer.profile"].search(
                [("partner_id", "=", commercial.id)]
            )
        )
        data["customer_store_facts"] = self._export_records(
            self.env["multistore.customer.store.fact"].search(
                [("partner_id", "=", commercial.id)]
            )
        )
        data["customer_category_facts"] = self._export_records(
            self.env["multistore.customer.category.fact"].search(
                [("partner_id", "=", commercial.id)]
            )
        )
        messages = self.env["mail.message"].search(
            [
                "|",
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("author_id", "in", partners.ids),
                ("partner_ids", "in", partners.ids),
            ]
        )
        data["messages"] = self._export_records(
            messages,
            [
                "date",
                "model",
                "res_id",
                "message_type",
                "subject",
                "body",
                "email_from",
                "author_id",
            ],
        )
        emails = [email for email in partners.mapped("email_normalized") if email]
        contacts = self.env["mailing.contact"].search(
            [("email_normalized", "in", emails)]
        )
        data["mailing_contacts"] = self._export_records(
            contacts, ["name", "email", "list_ids", "create_date"]
        )
        data["mailings_received"] = self._export_records(
            self.env["mailing.trace"].search(
                [
                    "|",
                    ("email", "in", emails),
                    "&",
                    ("model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                ]
            ),
            ["mass_mailing_id", "trace_type", "trace_status", "email", "sent_datetime"],
        )
        # Models of addons this one does not depend on (helpdesk, survey,
        # online shop): read when installed. A bridge addon per model would
        # only hold these few lines.
        for model, field in OPTIONAL_EXPORT_MODELS:
            if model in self.env:
                records = self.env[model].search([(field, "in", partners.ids)])
                data[model.replace(".", "_")] = self._export_records(records)
        return data

    def _export_records(self, records, fnames=None):
        """Stored fields of ``records`` as JSON-ready dicts (binaries and
        technical columns left out, relations as names)."""
        if not records:
            return []
        if fnames is None:
            fnames = [
                name
                for name, field in records._fields.items()
                if field.store
                and field.type not in ("binary", "one2many", "many2many")
                and not name.startswith("message_")
                and name not in ("write_uid", "write_date", "create_uid")
            ]
        rows = []
        for record in records:
            row = {"id": record.id}
            for name in fnames:
                field = record._fields[name]
                value = record[name]
                if field.type == "many2one":
                    value = value.display_name if value else None
                elif field.type in ("one2many", "many2many"):
                    value = value.mapped("display_name")
                elif value is False and field.type != "boolean":
                    value = None
                row[name] = value
            rows.append(row)
        return rows

    # ------------------------------------------------------------------
    # Erasure
    # ------------------------------------------------------------------
    def _erase_partner(self, partner):
        """Anonymise ``partner`` and its contacts; log the erasure.

        The partner record stays (orders, invoices, loyalty cards and the
        customer figures keep pointing to it, so sales, stock and points
        totals do not move); what identifies the person goes, in this
        order: the values are collected, copies of them are scrubbed from
        every row linked to the customer (documents, messages, tracking,
        mail queue, SMS, mailing statistics, audit lines), files attached to
        the customer and marketing contacts with their email are deleted,
        user accounts are closed, and the partner fields are emptied.
        """
        self._multistore_require_group(
            CHAIN_MANAGER_GROUP, action=self.env._("erase a customer")
        )
        partner.ensure_one()
        # sudo(): an erasure reaches every table that holds a copy of the
        # customer's data, whatever its access rules; the role is checked
        # above and every statement below is limited to this customer.
        partner = partner.sudo().with_context(
            active_test=False, tracking_disable=True, mail_notrack=True
        )
        partners = partner.search([("id", "child_of", partner.id)])
        anonymous = {p.id: self._erased_name(p) for p in partners}
        values = self._erasure_values(partners)
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        if users.filtered(lambda u: not u.share):
            raise UserError(
                self.env._(
                    "%(partner)s has a user account of the chain's staff: "
                    "remove the account before erasing the customer.",
                    partner=partner.display_name,
                )
            )
        emails = [e for e in partners.mapped("email_normalized") if e]
        numbers = [n for n in partners.mapped("phone_sanitized") if n]
        self.env.flush_all()
        for user in users:
            user.with_context(tracking_disable=True).write(
                {
                    "login": f"erased-{user.id}@invalid",
                    "active": False,
                    "signature": False,
                }
            )
        for record in partners:
            vals = {
                name: False
                for name in ERASED_PARTNER_FIELDS
                if name in record._fields and record._fields[name].store
            }
            vals.update(
                {
                    "name": anonymous[record.id],
                    "active": False,
                    "multistore_privacy_erased": True,
                }
            )
            # active_test: Odoo refuses to archive a partner with an active
            # user and looks for one with the context it is given.
            record.with_context(active_test=True).write(vals)
        # After the writes: Odoo mails the old address of a changed login.
        self._delete_personal_records(partners, emails, numbers)
        self.env.flush_all()
        for record in partners:
            self._scrub_linked_rows(
                record, values[record.id], anonymous[record.id], users
            )
        self.env.invalidate_all()
        _logger.info("Customer #%s erased by user #%s", partner.id, self.env.uid)
        return self.sudo().create(
            {
                "request_type": "erasure",
                "partner_id": partner.id,
                "reference": anonymous[partner.id],
                "user_id": self.env.uid,
            }
        )

    def _erased_name(self, partner):
        return self.env._("Erased customer #%(id)s", id=partner.id)

    def _erasure_values(self, partners):
        """{partner id: {value: replacement}} of what identifies each partner,
        longest first (a full name before the name inside it)."""
        result = {}
        for partner in partners:
            anonymous = self._erased_name(partner)
            pairs = {}
            for name in ("complete_name", "name", "display_name"):
                pairs[partner[name]] = anonymous
            for name in (
                "email",
                "email_normalized",
                "phone",
                "mobile",
                "phone_sanitized",
                "street",
                "street2",
                "vat",
            ):
                if name in partner._fields:
                    pairs[partner[name]] = REPLACEMENT
            for name in ("phone", "mobile"):
                if partner[name]:
                    pairs[partner._phone_format(fname=name) or ""] = REPLACEMENT
                    digits = re.sub(r"\D", "", partner[name])
                    pairs[digits] = REPLACEMENT
            result[partner.id] = dict(
                sorted(
                    (
                        (value, repl)
                        for value, repl in pairs.items()
                        if isinstance(value, str)
                        and len(value.strip()) >= MIN_SCRUB_LENGTH
                    ),
                    key=lambda item: -len(item[0]),
                )
            )
        return result

    def _delete_personal_records(self, partners, emails, numbers):
        """Delete the records that exist only to hold the customer's data:
        files attached to the customer (the exports among them), marketing
        contacts and queued mails/SMS to their addresses."""
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        ).unlink()
        if emails:
            self.env["mailing.contact"].sudo().with_context(active_test=False).search(
                [("email_normalized", "in", emails)]
            ).unlink()
            # Queued mails to the customer, formatted "Name <email>".
            domain = [("recipient_ids", "in", partners.ids)]
            for email in emails:
                domain = ["|", ("email_to", "ilike", email), *domain]
            self.env["mail.mail"].sudo().search(domain).unlink()
        self.env["sms.sms"].sudo().search(
            ["|", ("partner_id", "in", partners.ids), ("number", "in", numbers)]
        ).unlink()
        if emails or numbers:
            self.env["mailing.trace"].sudo().search(
                ["|", ("email", "in", emails or [""]), ("sms_number", "in", numbers)]
            ).write({"email": False, "sms_number": False})

    def _scrub_linked_rows(self, partner, values, anonymous, users):
        """Replace ``values`` in the text columns of every row linked to
        ``partner``: rows with a many2one or many2many to it, rows attached
        to it (``model``/``res_model`` and ``res_id``), tracking values and
        mails of the messages linked to it, audit lines of it and of its
        users, and the notifications of the bus."""
        if not values:
            return
        cr = self.env.cr
        message_ids = self._linked_message_ids(partner)
        for model in self.env.registry.values():
            if model._abstract or not model._auto or model._table_query:
                continue
            links = self._row_links(model, partner, message_ids)
            if not links:
                continue
            assignments = self._replace_assignments(model, values)
            if not assignments:
                continue
            cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE %s",
                    SQL.identifier(model._table),
                    SQL(", ").join(assignments),
                    SQL(" OR ").join(links),
                )
            )
        self._scrub_audit_lines(partner, users, values)
        cr.execute(
            SQL(
                "DELETE FROM bus_bus WHERE %s",
                SQL(" OR ").join(
                    SQL("strpos(message, %s) > 0", value) for value in values
                ),
            )
        )

    def _linked_message_ids(self, partner):
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM mail_message
                    WHERE (model = 'res.partner' AND res_id = %(id)s)
                       OR author_id = %(id)s
                 UNION
                 SELECT mail_message_id FROM mail_message_res_partner_rel
                  WHERE res_partner_id = %(id)s""",
                id=partner.id,
            )
        )
        return [row[0] for row in rows]

    def _row_links(self, model, partner, message_ids):
        """SQL conditions selecting the rows of ``model`` linked to the
        partner (or to its messages)."""
        table = model._table
        links = []
        if model._name == "res.partner":
            links.append(SQL("id = %s", partner.id))
        for name, field in model._fields.items():
            if not field.store:
                continue
            if field.type == "many2one" and field.comodel_name == "res.partner":
                links.append(SQL("%s = %s", SQL.identifier(table, name), partner.id))
            elif (
                field.type == "many2one"
                and field.comodel_name == "mail.message"
                and message_ids
            ):
                links.append(
                    SQL("%s IN %s", SQL.identifier(table, name), tuple(message_ids))
                )
            elif field.type == "many2many" and field.comodel_name == "res.partner":
                links.append(
                    SQL(
                        "id IN (SELECT %s FROM %s WHERE %s = %s)",
                        SQL.identifier(field.column1),
                        SQL.identifier(field.relation),
                        SQL.identifier(field.column2),
                        partner.id,
                    )
                )
        if "res_id" in model._fields and model._fields["res_id"].store:
            for model_field in ("res_model", "model"):
                field = model._fields.get(model_field)
                if field and field.store and field.type == "char":
                    links.append(
                        SQL(
                            "(%s = 'res.partner' AND res_id = %s)",
                            SQL.identifier(table, model_field),
                            partner.id,
                        )
                    )
        if model._name == "mail.message" and message_ids:
            links.append(SQL("id IN %s", tuple(message_ids)))
        if model._name == "mail.tracking.value":
            # A change of a customer field of another document (the customer
            # of an order) keeps the customer's name as text.
            links.append(
                SQL(
                    """field_id IN (SELECT id FROM ir_model_fields
                                     WHERE ttype = 'many2one'
                                       AND relation = 'res.partner')
                       AND (old_value_integer = %(id)s
                            OR new_value_integer = %(id)s)""",
                    id=partner.id,
                )
            )
        return links

    def _replace_assignments(self, model, values):
        """``column = replace(...)`` for the text columns of ``model``."""
        assignments = []
        for name, field in model._fields.items():
            if not field.store or not field.column_type:
                continue
            if field.type not in ("char", "text", "html"):
                continue
            column = SQL.identifier(name)
            if field.translate or field.company_dependent:
                expression = SQL("%s::text", column)
                for value, repl in values.items():
                    if '"' in value or "\\" in value:
                        continue
                    expression = SQL("replace(%s, %s, %s)", expression, value, repl)
                assignments.append(SQL("%s = (%s)::jsonb", column, expression))
            else:
                expression = column
                for value, repl in values.items():
                    expression = SQL(
                        "regexp_replace(%s, %s, %s, 'gi')",
                        expression,
                        re.escape(value),
                        repl,
                    )
                assignments.append(SQL("%s = %s", column, expression))
        return assignments

    def _scrub_audit_lines(self, partner, users, values):
        """Audit log (OCA auditlog) of the partner and of its user accounts:
        the old and new values of their fields, and the logs' names."""
        if "auditlog.log" not in self.env:
            return
        targets = [SQL("(m.model = 'res.partner' AND l.res_id = %s)", partner.id)]
        if users:
            targets.append(
                SQL("(m.model = 'res.users' AND l.res_id IN %s)", tuple(users.ids))
            )
        logs = SQL(
            """SELECT l.id FROM auditlog_log l JOIN ir_model m ON m.id = l.model_id
                WHERE %s""",
            SQL(" OR ").join(targets),
        )
        for table, columns, key in (
            ("auditlog_log", ("name",), "id"),
            (
                "auditlog_log_line",
                ("old_value", "new_value", "old_value_text", "new_value_text"),
                "log_id",
            ),
        ):
            assignments = []
            for column in columns:
                expression = SQL.identifier(column)
                for value, repl in values.items():
                    expression = SQL(
                        "regexp_replace(%s, %s, %s, 'gi')",
                        expression,
                        re.escape(value),
                        repl,
                    )
                assignments.append(SQL("%s = %s", SQL.identifier(column), expression))
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE %s IN (%s)",
                    SQL.identifier(table),
                    SQL(", ").join(assignments),
                    SQL.identifier(key),
                    logs,
                )
            )
