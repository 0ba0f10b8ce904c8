"""An outside system (marketplace, logistics company, the chain's app) that
calls the REST API with its own key, stores, scopes and rate limit.

Each integration has a technical user of its own, created with it: a store
staff user whose allowed stores are the integration's stores. Every call runs
as that user, so the store rules of the suite apply to the API as they apply
to the web client, on top of the explicit store and scope checks of the
endpoints. The key itself is an OCA ``auth.api.key`` of that user.
"""

import logging
import secrets

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

_logger = logging.getLogger(__name__)

STORE_STAFF_GROUP = "multistore_base.group_store_user"


class OrderLinesError(UserError):
    """Lines of an imported order that cannot be imported (nothing was).

    ``problems`` lists them: ``[{"index": <line index>, "message": ...}]``.
    """

    def __init__(self, message, problems):
        super().__init__(message)
        self.problems = problems


class MultistoreApiIntegration(models.Model):
    _name = "multistore.api.integration"
    _description = "API Integration"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        readonly=True,
    )
    store_ids = fields.Many2many(
        "multistore.store",
        string="Allowed Stores",
        required=True,
        tracking=True,
        check_company=True,
        help="The stores this integration may read and write. A call about "
        "another store is refused.",
    )
    scope_ids = fields.Many2many(
        "multistore.api.scope",
        string="Scopes",
        tracking=True,
        help="The operations this integration may use.",
    )
    rate_limit = fields.Integer(
        string="Calls per Minute",
        default=60,
        required=True,
        tracking=True,
        help="Calls above this number within one minute are refused with "
        "HTTP 429 and a Retry-After header.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Technical User",
        readonly=True,
        copy=False,
        help="Every call of this integration runs as this user.",
    )
    auth_api_key_id = fields.Many2one(
        "auth.api.key", string="Key Record", readonly=True, copy=False
    )
    api_key = fields.Char(
        string="API Key",
        compute="_compute_api_key",
        inverse="_inverse_api_key",
        copy=False,
        help="Sent by the integration in the HTTP-API-KEY header.",
    )
    call_count = fields.Integer(compute="_compute_call_count")
    note = fields.Text()

    _sql_constraints = [
        (
            "rate_limit_positive",
            "CHECK(rate_limit > 0)",
            "The rate limit must be at least one call per minute.",
        ),
    ]

    def _compute_api_key(self):
        # Keys live in auth.api.key, readable by administrators only; chain
        # managers (the only readers of integrations) may see their keys.
        for integration in self:
            integration.api_key = integration.sudo().auth_api_key_id.key

    def _inverse_api_key(self):
        for integration in self:
            if not integration.api_key:
                raise ValidationError(
                    self.env._(
                        "The API key of %(integration)s cannot be empty: use "
                        "'Generate a new key' instead.",
                        integration=integration.display_name,
                    )
                )
            integration._set_key(integration.api_key)

    def _compute_call_count(self):
        counts = dict(
            self.env["multistore.api.call"]._read_group(
                [("integration_id", "in", self.ids)],
                ["integration_id"],
                ["__count"],
            )
        )
        for integration in self:
            integration.call_count = counts.get(integration, 0)

    @api.model_create_multi
    def create(self, vals_list):
        keys = [vals.pop("api_key", None) for vals in vals_list]
        integrations = super().create(vals_list)
        for integration, key in zip(integrations, keys, strict=True):
            integration._create_technical_user()
            integration._set_key(key or self._new_key())
        return integrations

    def write(self, vals):
        res = super().write(vals)
        if {"store_ids", "active", "name"} & set(vals):
            self._sync_technical_user()
        return res

    def unlink(self):
        users = self.user_id
        keys = self.auth_api_key_id
        res = super().unlink()
        # The technical user may still be named on documents: archive it.
        keys.sudo().unlink()
        users.sudo().write({"active": False})
        return res

    def action_generate_key(self):
        """Replace the key by a new random one (the old one stops working)."""
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            self.env._("generate API keys"),
        )
        for integration in self:
            integration._set_key(self._new_key())
            integration.message_post(body=self.env._("A new API key was generated."))
        return True

    def action_view_calls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_api.multistore_api_call_action"
        )
        action["domain"] = [("integration_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _new_key(self):
        return secrets.token_urlsafe(32)

    def _technical_user_vals(self):
        self.ensure_one()
        return {
            "name": self.env._("API: %(name)s", name=self.name),
            "login": f"multistore_api_{self.id}",
            # What the integration writes in a chatter (e.g. a return it
            # records) needs an author's address; it never receives mail
            # (.invalid is reserved for that, RFC 2606).
            "email": f"multistore_api_{self.id}@"
            f"{self.company_id.alias_domain_name or 'multistore.invalid'}",
            "company_id": self.company_id.id,
            "company_ids": [fields.Command.set(self.company_id.ids)],
            "groups_id": [fields.Command.set(self.env.ref(STORE_STAFF_GROUP).ids)],
            "store_ids": [fields.Command.set(self.store_ids.ids)],
            "store_id": self.store_ids[:1].id,
            "active": self.active,
        }

    def _create_technical_user(self):
        # Creating users is an administrator's right; the chain manager who
        # creates the integration gets a user limited to its stores.
        self.ensure_one()
        user = (
            self.env["res.users"]
            .sudo()
            .with_context(no_reset_password=True, mail_create_nosubscribe=True)
            .create(self._technical_user_vals())
        )
        self.sudo().user_id = user

    def _sync_technical_user(self):
        for integration in self.with_context(active_test=False):
            vals = integration._technical_user_vals()
            vals.pop("login")
            vals.pop("groups_id")
            # Keep the current store if it is still allowed.
            if integration.user_id.store_id in integration.store_ids:
                vals.pop("store_id")
            integration.user_id.sudo().write(vals)
            integration.auth_api_key_id.sudo().active = integration.active

    def _set_key(self, key):
        # auth.api.key is an administrator's model (see _compute_api_key).
        self.ensure_one()
        if len(key or "") < 16:
            raise ValidationError(
                self.env._(
                    "The API key of %(integration)s is too short: use at least "
                    "16 characters or generate one.",
                    integration=self.display_name,
                )
            )
        if self.auth_api_key_id:
            self.auth_api_key_id.sudo().key = key
            return
        self.sudo().auth_api_key_id = (
            self.env["auth.api.key"]
            .sudo()
            .create(
                {
                    "name": f"multistore_api_{self.id}",
                    "key": key,
                    "user_id": self.user_id.id,
                }
            )
        )

    @api.model
    def _from_key(self, key):
        """The active integration of ``key``, or an empty recordset.

        Runs as superuser: the caller is not authenticated yet.
        """
        if not key:
            return self.browse()
        api_key = self.env["auth.api.key"].sudo().search([("key", "=", key)], limit=1)
        if not api_key or not secrets.compare_digest(api_key.key, key):
            return self.browse()
        return self.sudo().search(
            [("auth_api_key_id", "=", api_key.id), ("active", "=", True)], limit=1
        )

    def _has_scope(self, code):
        self.ensure_one()
        return code in self.sudo().scope_ids.mapped("code")

    # ------------------------------------------------------------------
    # Order import (POST /api/v1/orders and the connectors)
    # ------------------------------------------------------------------
    def _api_env(self):
        """The environment of this integration's technical user (its
        company), in which everything the integration does runs."""
        self.ensure_one()
        integration = self.sudo()
        return self.env(
            user=integration.user_id.id,
            su=False,
            context=dict(
                self.env.context, allowed_company_ids=integration.company_id.ids
            ),
        )

    def _api_imported_order(self, external_id):
        """The order this integration imported as ``external_id`` (or an
        empty recordset), in the technical user's environment."""
        self.ensure_one()
        env = self._api_env()
        # The technical user may have lost a store since: the lookup of its
        # own imports is by integration, as superuser, then read as the user.
        order = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("api_integration_id", "=", self.id),
                    ("api_external_id", "=", external_id),
                ],
                limit=1,
            )
        )
        return order.with_env(env)

    def _api_import_order(self, external_id, store, customer, lines, note=None):
        """Import an order of this integration's system and confirm it in
        ``store``: the one path of ``POST /api/v1/orders`` and of the
        connectors (multistore_connector_*).

        ``customer``: ``{"name", "phone", "email"}``; ``lines``: dicts with
        ``product_id`` or ``default_code``, ``quantity`` and an optional
        ``price_unit``. Returns ``(order, created)``: an ``external_id``
        imported before gives the first import's order and ``False``.

        Runs as the integration's technical user (store rules apply), checks
        the ``import_orders`` scope and the store, and imports all or
        nothing: :class:`OrderLinesError` lists every bad line; a concurrent
        import of the same external id raises psycopg2's ``UniqueViolation``
        after rolling its savepoint back (the caller decides: the REST API
        retries the request, a connector counts the order as imported).
        """
        self.ensure_one()
        integration = self.sudo()
        env = self._api_env()
        self._api_check_import_scope(env)
        existing = self._api_imported_order(external_id)
        if existing:
            return existing, False
        if store not in integration.store_ids:
            raise AccessError(self._api_store_not_allowed_message(env, store))
        order_lines = self._api_order_lines(env, lines)
        partner = self._api_customer(env, customer)
        with env.cr.savepoint():
            # The technical user does not follow every order it imports (the
            # chatter still says who created it; the customer follows it).
            order = (
                env["sale.order"]
                .with_context(mail_create_nosubscribe=True)
                .create(
                    {
                        "partner_id": partner.id,
                        "store_id": store.id,
                        "client_order_ref": external_id,
                        "origin": integration.name,
                        "note": note or False,
                        "order_line": order_lines,
                    }
                )
                .with_env(env)
            )
            order._multistore_workflow_write(
                {
                    "api_integration_id": self.id,
                    "api_external_id": external_id,
                    "shipment_state": "pending",
                }
            )
            order.action_confirm()
        return order, True

    def _api_import_orders(self, orders):
        """Import a batch of orders of this integration's system, each all or
        nothing and independent of the others: the path of
        ``POST /api/v1/orders/batch``, for connectors too.

        ``orders``: dicts with the arguments of :meth:`_api_import_order`
        (``external_id``, ``store``, ``customer``, ``lines``, ``note``) and
        ``store_code``, the code sent when ``store`` is empty (unknown).
        Returns one dict per order, in their order: ``external_id``,
        ``status`` (``created``, ``existing``: imported before, by an
        earlier call or earlier in the batch, or ``error``), ``order`` (the
        order in the technical user's environment, or an empty recordset)
        and ``error`` (``None`` or ``{"code", "message", "lines"}``; codes
        ``store_not_found``, ``store_not_allowed``, ``invalid_lines`` with
        the bad lines as :class:`OrderLinesError` lists them,
        ``order_refused`` and ``access_denied``).

        Faster than one call per order: every order is checked first (the
        products of the whole batch in two searches), then the good ones are
        created together and confirmed by one ``action_confirm`` in a
        savepoint. If that fails, it is rolled back and the orders are
        imported one by one through :meth:`_api_import_order`, each in a
        savepoint of its own, the failing ones reported as errors.

        Runs as the integration's technical user and checks the
        ``import_orders`` scope (:class:`AccessError` for the whole batch)
        and each order's store, as :meth:`_api_import_order`. A concurrent
        import of one of the external ids, or another concurrency error of
        PostgreSQL, is raised after rolling back what the batch created (a
        retry sees the other import's order: the REST API retries the
        request).
        """
        self.ensure_one()
        env = self._api_env()
        self._api_check_import_scope(env)
        results = [
            {
                "external_id": order["external_id"],
                "status": None,
                "order": env["sale.order"],
                "error": None,
            }
            for order in orders
        ]
        # The lookup of its own imports is by integration, as superuser, as
        # in _api_imported_order.
        imported = {
            order.api_external_id: order.with_env(env)
            for order in env["sale.order"]
            .sudo()
            .search(
                [
                    ("api_integration_id", "=", self.id),
                    ("api_external_id", "in", [r["external_id"] for r in results]),
                ]
            )
        }
        products = self._api_products(
            env, [line for order in orders for line in order["lines"]]
        )
        # The first good order of each new external id is imported; a later
        # one with the same id is answered with its order.
        first, lines_of = {}, {}
        for index, (order, result) in enumerate(zip(orders, results, strict=True)):
            external_id = order["external_id"]
            if external_id in imported:
                result.update(status="existing", order=imported[external_id])
            elif external_id not in first:
                order_lines, error = self._api_checked_lines(env, order, products)
                if error:
                    result.update(status="error", error=error)
                else:
                    lines_of[index], first[external_id] = order_lines, index
        pending = [index for index, res in enumerate(results) if not res["status"]]
        if not pending:
            return results
        created = self._api_create_orders(
            env, [(orders[index], lines_of[index]) for index in first.values()]
        )
        if created is None:
            for index in pending:
                results[index].update(self._api_import_one(env, orders[index]))
            return results
        for external_id, order in zip(first, created, strict=True):
            imported[external_id] = order
        for index in pending:
            external_id = results[index]["external_id"]
            results[index].update(
                status="created" if first[external_id] == index else "existing",
                order=imported[external_id],
            )
        return results

    def _api_checked_lines(self, env, order, products):
        """``(line commands, None)`` for an order of a batch that may be
        imported, ``(None, error)`` otherwise (its store or lines)."""
        store = order["store"]
        if not store:
            message = env._(
                "There is no store with code %(code)s.", code=order.get("store_code")
            )
            return None, self._api_error("store_not_found", message)
        if store not in self.sudo().store_ids:
            message = self._api_store_not_allowed_message(env, store)
            return None, self._api_error("store_not_allowed", message)
        try:
            return self._api_order_lines(env, order["lines"], products=products), None
        except OrderLinesError as exc:
            return None, self._api_error("invalid_lines", exc.args[0], exc.problems)

    def _api_create_orders(self, env, orders):
        """Create and confirm ``orders`` (``[(order, line commands)]``,
        checked) together, in a savepoint: the sale orders, in their order,
        or ``None`` when that failed (rolled back). A unique violation or
        another concurrency error is raised: importing one by one would meet
        the same rows again."""
        try:
            return self._api_create_orders_together(env, orders)
        except errors.UniqueViolation:
            raise
        except errors.OperationalError as exc:
            if exc.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            error = exc
        except Exception as exc:  # noqa: BLE001 (any failure: one by one)
            error = exc
        _logger.info(
            "%s: the batch of %s orders failed (%s), importing them one by one",
            self.sudo().display_name,
            len(orders),
            error,
        )
        return None

    def _api_create_orders_together(self, env, orders):
        integration = self.sudo()
        with env.cr.savepoint():
            partners, vals_list = {}, []
            for order, order_lines in orders:
                customer = order["customer"]
                key = (customer.get("phone"), customer.get("email"))
                # Orders of one customer in a batch find it once (without
                # phone or e-mail, each order creates its customer).
                partner = partners.get(key) if any(key) else None
                if partner is None:
                    partner = partners[key] = self._api_customer(env, customer)
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "store_id": order["store"].id,
                        "client_order_ref": order["external_id"],
                        "origin": integration.name,
                        "note": order.get("note") or False,
                        "order_line": order_lines,
                    }
                )
            sale_orders = (
                env["sale.order"]
                .with_context(mail_create_nosubscribe=True)
                .create(vals_list)
                .with_env(env)
            )
            for sale_order, (order, _lines) in zip(sale_orders, orders, strict=True):
                sale_order._multistore_workflow_write(
                    {
                        "api_integration_id": self.id,
                        "api_external_id": order["external_id"],
                        "shipment_state": "pending",
                    }
                )
            sale_orders.action_confirm()
        return sale_orders

    def _api_import_one(self, env, order):
        """``order`` of a batch through :meth:`_api_import_order`, in a
        savepoint (nothing of it stays when it fails): the ``status``,
        ``order`` and ``error`` of its result."""
        try:
            with env.cr.savepoint():
                sale_order, created = self._api_import_order(
                    order["external_id"],
                    order["store"],
                    order["customer"],
                    order["lines"],
                    note=order.get("note"),
                )
        except OrderLinesError as exc:
            error = self._api_error("invalid_lines", exc.args[0], exc.problems)
        except AccessError:
            # As the single import answers (403 "AccessError"): the rule
            # that refused is not told.
            error = self._api_error(
                "access_denied",
                env._(
                    "This key may not import this order (access denied); "
                    "nothing of it was imported."
                ),
            )
        except UserError as exc:
            error = self._api_error("order_refused", exc.args[0])
        else:
            return {
                "status": "created" if created else "existing",
                "order": sale_order,
                "error": None,
            }
        return {"status": "error", "order": env["sale.order"], "error": error}

    @api.model
    def _api_error(self, code, message, lines=None):
        return {"code": code, "message": message, "lines": lines}

    def _api_check_import_scope(self, env):
        if not self.sudo()._has_scope("import_orders"):
            raise AccessError(
                env._(
                    "This key may not use this operation: it needs the scope "
                    "%(scopes)s. Ask the chain's manager to add it to the "
                    "integration.",
                    scopes="import_orders",
                )
            )

    def _api_store_not_allowed_message(self, env, store):
        integration = self.sudo()
        return env._(
            "This key may not access store %(code)s; its stores are %(allowed)s.",
            code=store.sudo().code,
            allowed=", ".join(integration.store_ids.mapped("code")),
        )

    @api.model
    def _api_products(self, env, lines):
        """The products that ``lines`` name: ``(by_id, by_code)``, in two
        searches whatever the number of lines (of one order or of a batch):
        by id and by reference (a reference shared by several products
        names none of them)."""
        Product = env["product.product"]
        ids = {line["product_id"] for line in lines if line.get("product_id")}
        codes = {
            line.get("default_code") for line in lines if not line.get("product_id")
        }
        by_id = {p.id: p for p in Product.search([("id", "in", list(ids))])}
        by_code = {}
        for product in Product.search([("default_code", "in", list(codes - {None}))]):
            by_code[product.default_code] = by_code.get(product.default_code, Product)
            by_code[product.default_code] |= product
        return by_id, by_code

    @api.model
    def _api_order_lines(self, env, lines, products=None):
        """Order line commands, or :class:`OrderLinesError` listing every
        bad line (nothing is created when one line is wrong).

        ``products``: ``(by_id, by_code)`` of :meth:`_api_products` when
        the caller looked them up already (a batch)."""
        Product = env["product.product"]
        by_id, by_code = products or self._api_products(env, lines)
        problems, commands = [], []
        for index, line in enumerate(lines):
            if line.get("product_id"):
                product = by_id.get(line["product_id"], Product)
            else:
                product = by_code.get(line.get("default_code"), Product)
                product = product if len(product) == 1 else Product
            if not product or not product.sale_ok:
                problems.append(
                    {
                        "index": index,
                        "message": env._(
                            "Unknown or unsold product %(product)s.",
                            product=line.get("default_code") or line.get("product_id"),
                        ),
                    }
                )
                continue
            vals = {"product_id": product.id, "product_uom_qty": line["quantity"]}
            if line.get("price_unit") is not None:
                vals["price_unit"] = line["price_unit"]
            commands.append(fields.Command.create(vals))
        if problems:
            raise OrderLinesError(
                env._(
                    "%(count)s order line(s) cannot be imported; nothing was "
                    "imported. Fix them and send the order again.",
                    count=len(problems),
                ),
                problems,
            )
        return commands

    @api.model
    def _api_customer(self, env, customer):
        """The partner of ``customer`` (by phone, then e-mail), created when
        there is none."""
        Partner = env["res.partner"]
        partner = Partner.browse()
        phone, email = customer.get("phone"), customer.get("email")
        if phone:
            partner = Partner.search(
                ["|", ("phone", "=", phone), ("mobile", "=", phone)], limit=1
            )
        if not partner and email:
            partner = Partner.search([("email", "=ilike", email)], limit=1)
        if not partner:
            # Store staff do not create contacts; the import (checked for its
            # scope) creates the order's customer.
            partner = (
                Partner.sudo()
                .create(
                    {
                        "name": customer["name"],
                        "phone": phone or False,
                        "email": email or False,
                    }
                )
                .with_env(env)
            )
        return partner
