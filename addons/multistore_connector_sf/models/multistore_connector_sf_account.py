"""The chain's account at SF Express (顺丰速运 Open Platform, 丰桥).

An account works through one API integration (multistore_api): the stores
it serves are the integration's stores, and every shipment update it makes
on an order runs as the integration's technical user, with the scope
*Update shipments*, so the integration's stores and scopes bound it as they
bound the REST API. Its check word is the secret of the message digest: an
administrator's field, written through a write-only field and never shown
back.

SF's route push (路由推送) is received at the account's push URL, which
holds a random token of the account (SF signs no push): whoever knows the
URL may report routes of the account's waybills, so the URL is shown to
chain managers only and a new token replaces it at will.
"""

import logging
import re
import secrets
import time
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import sf_protocol

_logger = logging.getLogger(__name__)

SHIPMENT_SCOPE = "update_shipments"
ENVIRONMENT_URLS = {
    "production": sf_protocol.PRODUCTION_URL,
    "sandbox": sf_protocol.SANDBOX_URL,
}
PUSH_PATH = "/multistore/sf/{token}/routes"
# SF's standard templates are named after the partner: fm_150_standard_<ID>.
STANDARD_TEMPLATE = re.compile(r"^(fm_[0-9A-Za-z]+_standard_)(.*)$")
CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"


class MultistoreConnectorSfAccount(models.Model):
    _name = "multistore.connector.sf.account"
    _description = "SF Express Account"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        readonly=True,
    )
    integration_id = fields.Many2one(
        "multistore.api.integration",
        required=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        help="Its stores are the stores this account ships for; its technical "
        "user records the shipments (it needs the scope Update shipments).",
    )
    store_ids = fields.Many2many(
        related="integration_id.store_ids", string="Stores Served"
    )
    environment = fields.Selection(
        [
            ("production", "Production"),
            ("sandbox", "Sandbox"),
            ("custom", "Other URL"),
        ],
        default="sandbox",
        required=True,
        tracking=True,
    )
    service_url = fields.Char(
        string="Service URL",
        compute="_compute_service_url",
        store=True,
        # Computed before the INSERT: the column is NOT NULL.
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
        help="The standard interface of SF's Open Platform: "
        "https://sfapi.sf-express.com/std/service (sandbox: "
        "https://sfapi-sbox.sf-express.com/std/service).",
    )
    partner_code = fields.Char(
        string="Partner ID",
        required=True,
        tracking=True,
        help="顾客编码: the partnerID of the chain's application on SF's Open "
        "Platform.",
    )
    check_word = fields.Char(
        string="Stored Check Word",
        groups="base.group_system",
        copy=False,
        help="校验码: the secret of the message digest.",
    )
    check_word_input = fields.Char(
        string="Check Word",
        compute="_compute_check_word_input",
        inverse="_inverse_check_word_input",
        help="校验码 of the application. Write it to change it: it is never "
        "shown again.",
    )
    check_word_set = fields.Boolean(compute="_compute_check_word_input")
    monthly_card = fields.Char(
        tracking=True,
        help="月结卡号: the chain's monthly account that pays the shipments.",
    )
    express_type_id = fields.Integer(
        default=2,
        required=True,
        tracking=True,
        help="SF's product code (expressTypeId): 1 顺丰特快, 2 顺丰标快, ...",
    )
    pay_method = fields.Selection(
        [("1", "Sender pays"), ("2", "Receiver pays"), ("3", "Third party pays")],
        default="1",
        required=True,
        help="payMethod of the order (寄方付 / 收方付 / 第三方付).",
    )
    label_template = fields.Char(
        compute="_compute_label_template",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        help="templateCode of SF's cloud print (云打印面单 2.0) for the waybill "
        "labels: fm_150_standard_<Partner ID> (100x150 mm) by default, or a "
        "custom template of the application at SF's Open Platform.",
    )
    carrier_name = fields.Char(
        default="SF Express",
        required=True,
        help="The carrier recorded on the orders' shipments.",
    )
    order_prefix = fields.Char(
        default="MS",
        required=True,
        help="Starts the orderId sent to SF (then the delivery's reference). "
        "Databases sharing a partner ID need different prefixes.",
    )
    auto_book = fields.Boolean(
        string="Book Automatically",
        tracking=True,
        help="Book a pickup for every online delivery of the stores served "
        "once it is ready (every 15 minutes), without the Book button.",
    )
    timeout = fields.Integer(
        string="Timeout (s)", default=15, required=True, help="Per HTTP call."
    )
    retries = fields.Integer(
        default=1,
        required=True,
        help="How many times a call is sent again after a timeout, an HTTP "
        "5xx or an outage of the platform. A booking sent again is not "
        "booked twice (same orderId).",
    )
    push_token = fields.Char(
        copy=False,
        readonly=True,
        groups=CHAIN_MANAGER_GROUP,
        help="The secret part of the route push URL.",
    )
    push_url = fields.Char(
        string="Route Push URL",
        compute="_compute_push_url",
        groups=CHAIN_MANAGER_GROUP,
        help="Register it at SF's Open Platform as the URL of the route push "
        "(路由推送): SF then reports each route event at once, besides the "
        "route queries. Keep it secret: it is the account's key for pushes.",
    )
    booking_ids = fields.One2many("multistore.connector.sf.booking", "account_id")
    booking_count = fields.Integer(compute="_compute_booking_count")
    note = fields.Text()

    _sql_constraints = [
        (
            "timeout_positive",
            "CHECK(timeout > 0 AND retries >= 0)",
            "The timeout must be positive and the retries zero or more.",
        ),
        (
            "push_token_unique",
            "unique(push_token)",
            "Each SF account has its own route push token.",
        ),
    ]

    @api.depends("environment")
    def _compute_service_url(self):
        for account in self:
            url = ENVIRONMENT_URLS.get(account.environment)
            if url or not account.service_url:
                account.service_url = url or sf_protocol.SANDBOX_URL

    @api.depends("partner_code")
    def _compute_label_template(self):
        # A standard template follows the partner ID; a custom one is kept.
        for account in self:
            partner = (account.partner_code or "").strip()
            template = account.label_template
            match = STANDARD_TEMPLATE.match(template or "")
            if partner and not template:
                template = sf_protocol.LABEL_TEMPLATE_DEFAULT.format(partner=partner)
            elif partner and match:
                template = match.group(1) + partner
            account.label_template = template

    @api.depends("push_token")
    def _compute_push_url(self):
        for account in self:
            account.push_url = account.push_token and (
                account.get_base_url() + PUSH_PATH.format(token=account.push_token)
            )

    def _compute_check_word_input(self):
        # The check word is read as superuser only to say whether it is set.
        for account in self:
            account.check_word_input = False
            account.check_word_set = bool(account.sudo().check_word)

    def _inverse_check_word_input(self):
        for account in self:
            if not account.check_word_input:
                continue
            # check_word is an administrator's field: the chain manager who
            # may write the account sets it through this write-only field.
            account.sudo().check_word = account.check_word_input.strip()
            account.message_post(body=self.env._("The check word was changed."))

    def _compute_booking_count(self):
        counts = dict(
            self.env["multistore.connector.sf.booking"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for account in self:
            account.booking_count = counts.get(account, 0)

    @api.constrains("integration_id")
    def _check_integration_scope(self):
        for account in self:
            if not account.integration_id._has_scope(SHIPMENT_SCOPE):
                raise ValidationError(
                    self.env._(
                        "Integration %(integration)s of SF account %(account)s "
                        "lacks the scope Update shipments: add it to the "
                        "integration first.",
                        integration=account.integration_id.display_name,
                        account=account.display_name,
                    )
                )

    @api.constrains("service_url")
    def _check_service_url(self):
        for account in self:
            if not (account.service_url or "").startswith(("https://", "http://")):
                raise ValidationError(
                    self.env._(
                        "The service URL of %(account)s must start with https://.",
                        account=account.display_name,
                    )
                )

    def init(self):
        # Accounts created before the route push get a token each (a field
        # default would give every existing account the same one).
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE push_token IS NULL",
                SQL.identifier(self._table),
            )
        )
        for (account_id,) in rows:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET push_token = %s WHERE id = %s",
                    SQL.identifier(self._table),
                    self._new_push_token(),
                    account_id,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["push_token"] = self._new_push_token()
        return super().create(vals_list)

    def action_view_bookings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_connector_sf.multistore_connector_sf_booking_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_track_now(self):
        """Query the routes of this account's open waybills now."""
        self._multistore_require_group(
            "multistore_base.group_chain_manager", self.env._("track SF waybills")
        )
        bookings = self.env["multistore.connector.sf.booking"].search(
            [("account_id", "in", self.ids), ("state", "=", "booked")]
        )
        bookings._track()
        return True

    def action_generate_push_token(self):
        """Replace the route push URL by a new one (the old one stops
        working: register the new one at SF)."""
        self._multistore_require_group(
            CHAIN_MANAGER_GROUP, self.env._("change the SF route push URL")
        )
        for account in self:
            # push_token is read-only in the views: only this action sets it.
            account.sudo().push_token = self._new_push_token()
            account.message_post(
                body=self.env._(
                    "A new route push URL was generated: register it at SF's "
                    "Open Platform, the old one no longer works."
                )
            )
        return True

    # ------------------------------------------------------------------
    # Route push (the caller is SF: no user, the URL's token is the key)
    # ------------------------------------------------------------------
    @api.model
    def _new_push_token(self):
        return secrets.token_urlsafe(24)

    @api.model
    def _from_push_token(self, token):
        """The active account of the push token ``token``, or an empty
        recordset (as superuser: the caller is not authenticated)."""
        if not token or len(token) < 16 or len(token) > 128:
            return self.sudo().browse()
        account = self.sudo().search([("push_token", "=", token)], limit=1)
        if not account or not secrets.compare_digest(account.push_token, token):
            return self.sudo().browse()
        return account

    @api.model
    def _handle_route_push(self, token, body, form=None, remote_addr=None):
        """Serve one route push: ``(HTTP status, JSON answer)``.

        Routes of the account's waybills are recorded through the path of
        the route queries (``_record_routes``: an event once, a parcel
        signed for delivers the order once); routes of waybills the account
        does not know are ignored, and a push with none of its waybills is
        refused, like a bad token or a push that is not one: nothing is
        recorded then.
        """
        started = time.monotonic()
        account = self._from_push_token(token)
        if not account:
            message = self.env._(
                "Unknown route push URL: copy the SF account's current Route "
                "Push URL into SF's Open Platform."
            )
            return self._push_refused(account, 403, message, started, remote_addr)
        try:
            routes = sf_protocol.parse_route_push(body, form)
        except ValueError as exc:
            message = self.env._(
                "Not a route push (%(problem)s): send the WaybillRoute list as JSON.",
                problem=str(exc),
            )
            return self._push_refused(account, 400, message, started, remote_addr)
        try:
            with self.env.cr.savepoint():
                bookings, unknown = account._receive_route_push(routes)
        except (UserError, ValidationError, AccessError) as exc:
            return self._push_refused(account, 422, str(exc), started, remote_addr)
        if not bookings:
            message = self.env._(
                "No waybill of this push was booked with SF account %(account)s "
                "(%(waybills)s): nothing was recorded.",
                account=account.name,
                waybills=", ".join(unknown),
            )
            return self._push_refused(account, 404, message, started, remote_addr)
        note = (
            self.env._(
                "Waybills unknown to this account, ignored: %(waybills)s",
                waybills=", ".join(unknown),
            )
            if unknown
            else False
        )
        account._log_push(200, started, note, remote_addr)
        return 200, dict(sf_protocol.PUSH_OK)

    @api.model
    def _push_refused(self, account, status_code, message, started, remote_addr):
        _logger.info("SF route push refused (%s): %s", status_code, message)
        account._log_push(status_code, started, message, remote_addr)
        return status_code, {
            "return_code": sf_protocol.PUSH_REFUSED,
            "return_msg": message,
        }

    def _log_push(self, status_code, started, error, remote_addr):
        self.env["multistore.api.call"]._log(
            {
                "integration_id": self.integration_id.id,
                "method": "POST",
                "endpoint": "SF route push",
                "path": PUSH_PATH.format(token="***"),
                "status_code": status_code,
                "duration_ms": (time.monotonic() - started) * 1000.0,
                "error": error and str(error)[:2000],
                "remote_addr": remote_addr or False,
            }
        )

    def _receive_route_push(self, routes):
        """Record pushed ``routes`` on this account's bookings of their
        waybills: ``(bookings, unknown waybills)``."""
        self.ensure_one()
        by_waybill = defaultdict(list)
        for route in routes:
            by_waybill[route["mailno"]].append(route)
        bookings = (
            self.env["multistore.connector.sf.booking"]
            .sudo()
            .search(
                [
                    ("account_id", "=", self.id),
                    ("waybill_no", "in", list(by_waybill)),
                ]
            )
        )
        for booking in bookings:
            booking._record_routes(by_waybill[booking.waybill_no])
        unknown = sorted(set(by_waybill) - set(bookings.mapped("waybill_no")))
        return bookings, unknown

    # ------------------------------------------------------------------
    # Helpers (superuser: callers checked the user's role and store)
    # ------------------------------------------------------------------
    @api.model
    def _for_store(self, store, company):
        """The first active account serving ``store``, or UserError."""
        accounts = self.sudo().search([("company_id", "=", company.id)])
        account = accounts.filtered(lambda a: store in a.integration_id.store_ids)[:1]
        if account:
            return account
        if not accounts:
            raise UserError(
                self.env._(
                    "No SF Express account is set up: ask a chain manager to "
                    "add one (Configuration > API > SF Express Accounts)."
                )
            )
        raise UserError(
            self.env._(
                "Store %(store)s is not among the stores of the integration of "
                "SF Express account %(accounts)s: ask a chain manager to add it "
                "to the integration's stores.",
                store=store.display_name,
                accounts=", ".join(accounts.mapped("display_name")),
            )
        )

    def _check_serves(self, stores):
        """The integration is active, may update shipments and has every
        store of ``stores`` (the store shipping and the order's store)."""
        self.ensure_one()
        integration = self.integration_id
        if not integration.active or not integration.user_id:
            raise UserError(
                self.env._(
                    "Integration %(integration)s of SF account %(account)s is "
                    "archived: a chain manager must restore it.",
                    integration=integration.display_name,
                    account=self.display_name,
                )
            )
        if not integration._has_scope(SHIPMENT_SCOPE):
            raise UserError(
                self.env._(
                    "Integration %(integration)s may not update shipments: add "
                    "the scope Update shipments to it.",
                    integration=integration.display_name,
                )
            )
        missing = stores - integration.store_ids
        if missing:
            raise UserError(
                self.env._(
                    "SF account %(account)s may not ship for %(stores)s: it is "
                    "not among the stores of integration %(integration)s "
                    "(%(allowed)s). Ask a chain manager to add it.",
                    account=self.display_name,
                    stores=", ".join(missing.mapped("display_name")),
                    integration=integration.display_name,
                    allowed=", ".join(integration.store_ids.mapped("code")),
                )
            )

    def _call(self, service_code, payload):
        """One service call, sent again on transient failures; every attempt
        is logged in the integration's call log (kept when the caller's
        transaction is rolled back)."""
        self.ensure_one()
        check_word = self.sudo().check_word
        if not check_word or not self.partner_code:
            raise UserError(
                self.env._(
                    "SF account %(account)s has no partner ID or check word: a "
                    "chain manager must enter them.",
                    account=self.display_name,
                )
            )
        return self._send(
            service_code,
            lambda: sf_protocol.call(
                self.service_url,
                self.partner_code,
                check_word,
                service_code,
                payload,
                timeout=self.timeout,
            ),
        )

    def _download_label(self, url, token):
        """The PDF label at ``url`` of the cloud print service, fetched with
        its ``token``; sent again on transient failures like ``_call``, every
        attempt in the call log (the URL without its query)."""
        self.ensure_one()
        return self._send(
            "label download",
            lambda: sf_protocol.download_label(url, token, timeout=self.timeout),
            method="GET",
            url=url,
        )

    def _send(self, service_code, send, method="POST", url=None):
        """``send()``, sent again on transient failures (``retries``); every
        attempt is logged in the integration's call log."""
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                result = send()
            except sf_protocol.SfError as exc:
                self._log_call(service_code, started, exc, method=method, url=url)
                if exc.transient and attempt <= self.retries:
                    _logger.info("SF %s: %s, sending again", service_code, exc)
                    continue
                raise
            self._log_call(service_code, started, method=method, url=url)
            return result

    def _log_call(self, service_code, started, error=None, method="POST", url=None):
        # The call log of multistore_api (its own transaction): an outgoing
        # call is logged under the integration with the service as endpoint.
        if error is None:
            status_code = 200
        elif error.http_status and error.http_status != 200:
            status_code = error.http_status
        elif error.code in ("timeout", "connection"):
            status_code = 504
        elif error.transient:
            status_code = 503
        else:
            status_code = 422
        self.env["multistore.api.call"]._log(
            {
                "integration_id": self.integration_id.id,
                "method": method,
                "endpoint": f"SF {service_code}",
                # A file URL may carry a signature in its query: not logged.
                "path": (url or self.service_url or "").split("?", 1)[0][:1000],
                "status_code": status_code,
                "duration_ms": (time.monotonic() - started) * 1000.0,
                "error": error and str(error)[:2000],
            }
        )
