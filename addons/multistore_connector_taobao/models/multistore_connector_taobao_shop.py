"""A Taobao / Tmall shop of the chain, connected through the Taobao Open
Platform (TOP).

The shop is a small layer on the generic parts of ``multistore_api``: it is
linked to one API integration, whose stores, scopes, technical user and call
log apply. Orders are pulled from TOP and imported through the very path of
``POST /api/v1/orders`` (``multistore.api.integration._api_import_order``);
stock and shipments are pushed back to TOP.
"""

import logging
import math
import time
from datetime import timedelta

from psycopg2 import errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round, mute_logger

from odoo.addons.multistore_api.models.multistore_api_integration import (
    OrderLinesError,
)
from odoo.addons.queue_job.job import identity_exact

from ..tools import top_client
from ..tools.top_client import TopError

_logger = logging.getLogger(__name__)

CHAIN_MANAGER = "multistore_base.group_chain_manager"
DEFAULT_GATEWAY = "https://eco.taobao.com/router/rest"
# Paid, waiting for the seller to ship: the trades the chain fulfils.
IMPORT_STATUSES = ("WAIT_SELLER_SEND_GOODS",)
# Closed before it was shipped (the buyer cancelled or was refunded, or
# Taobao closed it): its imported order is cancelled.
CLOSED_STATUSES = ("TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO")
# Suffixes of China's province names (longest first), dropped to match the
# province of a trade ("上海", "广西壮族自治区") with res.country.state
# ("上海市", "广西壮族自治区").
PROVINCE_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
TRADE_FIELDS = (
    "tid,status,modified,created,pay_time,payment,buyer_memo,seller_memo,"
    "receiver_name,receiver_mobile,receiver_phone,receiver_state,receiver_city,"
    "receiver_district,receiver_address,receiver_zip,"
    "orders.oid,orders.num_iid,orders.sku_id,orders.outer_iid,"
    "orders.outer_sku_id,orders.title,orders.num,orders.price,orders.payment"
)
# TOP limits an increment window to one day.
MAX_WINDOW = timedelta(days=1)
FIRST_PULL = timedelta(days=1)


def province_key(name):
    """``name`` of a province of China without its suffix (and spaces)."""
    key = "".join((name or "").split())
    for suffix in PROVINCE_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


class MultistoreConnectorTaobaoShop(models.Model):
    _name = "multistore.connector.taobao.shop"
    _description = "Taobao Shop"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        related="integration_id.company_id", store=True, readonly=True
    )
    integration_id = fields.Many2one(
        "multistore.api.integration",
        string="API Integration",
        required=True,
        ondelete="restrict",
        tracking=True,
        help="Its stores, scopes, technical user and call log apply to the "
        "shop: orders are imported as this integration's, and only into its "
        "stores.",
    )
    store_id = fields.Many2one(
        "multistore.store",
        string="Orders Store",
        required=True,
        tracking=True,
        check_company=True,
        help="The store the shop's orders are imported into (one of the "
        "integration's stores).",
    )
    stock_store_ids = fields.Many2many(
        "multistore.store",
        string="Stock Stores",
        tracking=True,
        check_company=True,
        help="The stores whose available quantities are added up and pushed "
        "to the shop; the orders store when empty.",
    )
    gateway_url = fields.Char(
        string="Gateway URL",
        required=True,
        default=DEFAULT_GATEWAY,
        tracking=True,
        help="TOP's gateway (https://eco.taobao.com/router/rest; the sandbox "
        "is http://gw.api.tbsandbox.com/router/rest).",
    )
    app_key = fields.Char(required=True, tracking=True)
    # Credentials are an administrator's field, written through the inputs
    # below and never read back (as the keys of multistore_api).
    app_secret = fields.Char(
        string="Stored App Secret", groups="base.group_system", copy=False
    )
    session_key = fields.Char(
        string="Stored Session Key", groups="base.group_system", copy=False
    )
    app_secret_input = fields.Char(
        string="App Secret",
        compute="_compute_credential_inputs",
        inverse="_inverse_app_secret_input",
        help="Type a new secret to replace the stored one; it is never shown again.",
    )
    session_key_input = fields.Char(
        string="Session Key",
        compute="_compute_credential_inputs",
        inverse="_inverse_session_key_input",
        help="The seller's authorisation (sessionKey) for this app; type a new "
        "one to replace it, it is never shown again.",
    )
    has_app_secret = fields.Boolean(
        string="App Secret Set", compute="_compute_has_credentials"
    )
    has_session_key = fields.Boolean(
        string="Session Key Set", compute="_compute_has_credentials"
    )
    sign_method = fields.Selection(
        [("md5", "MD5"), ("hmac", "HMAC-MD5")],
        required=True,
        default="md5",
    )
    auto_sync = fields.Boolean(
        string="Automatic Sync",
        default=True,
        tracking=True,
        help="Pull orders and push stock by the scheduled actions; when off, "
        "only the buttons do.",
    )
    page_size = fields.Integer(default=50, required=True)
    overlap_minutes = fields.Integer(
        string="Overlap (minutes)",
        default=10,
        required=True,
        help="Each pull starts this long before the previous one ended, so a "
        "trade modified at the edge is not missed (imports are idempotent).",
    )
    pull_cursor = fields.Datetime(
        string="Orders Pulled Until",
        copy=False,
        tracking=True,
        help="Every trade modified before this time was fetched. It only "
        "moves past a time window fetched in full.",
    )
    last_pull_date = fields.Datetime(readonly=True, copy=False)
    last_pull_message = fields.Text(readonly=True, copy=False)
    default_company_code = fields.Char(
        string="Default Logistics Company Code",
        default="SF",
        help="TOP's company_code sent with a shipment whose carrier is not "
        "recognised (e.g. SF, YTO, ZTO, STO, YUNDA, EMS, JD).",
    )
    product_ids = fields.One2many(
        "multistore.connector.taobao.product", "shop_id", string="Product Mapping"
    )
    pull_item_ids = fields.One2many("multistore.connector.taobao.pull.item", "shop_id")
    shipment_ids = fields.One2many("multistore.connector.taobao.shipment", "shop_id")
    failed_pull_count = fields.Integer(compute="_compute_counts")
    shipment_count = fields.Integer(compute="_compute_counts")
    order_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "integration_unique",
            "unique(integration_id)",
            "An API integration serves one shop: create an integration per shop.",
        ),
        (
            "page_size_range",
            "CHECK(page_size BETWEEN 1 AND 100)",
            "TOP pages hold 1 to 100 trades.",
        ),
        (
            "overlap_positive",
            "CHECK(overlap_minutes >= 0)",
            "The overlap cannot be negative.",
        ),
    ]

    def _compute_credential_inputs(self):
        for shop in self:
            shop.app_secret_input = False
            shop.session_key_input = False

    def _inverse_app_secret_input(self):
        for shop in self.filtered("app_secret_input"):
            # app_secret is an administrator's field (see above).
            shop.sudo().app_secret = shop.app_secret_input.strip()
            shop.message_post(body=self.env._("The app secret was replaced."))

    def _inverse_session_key_input(self):
        for shop in self.filtered("session_key_input"):
            # session_key is an administrator's field (see above).
            shop.sudo().session_key = shop.session_key_input.strip()
            shop.message_post(body=self.env._("The session key was replaced."))

    def _compute_has_credentials(self):
        for shop in self:
            # Only whether they are set, never their value.
            shop.has_app_secret = bool(shop.sudo().app_secret)
            shop.has_session_key = bool(shop.sudo().session_key)

    def _compute_counts(self):
        Item = self.env["multistore.connector.taobao.pull.item"]
        failed = dict(
            Item._read_group(
                [
                    ("shop_id", "in", self.ids),
                    ("state", "in", ("failed", "attention")),
                ],
                ["shop_id"],
                ["__count"],
            )
        )
        shipments = dict(
            self.env["multistore.connector.taobao.shipment"]._read_group(
                [("shop_id", "in", self.ids)], ["shop_id"], ["__count"]
            )
        )
        orders = dict(
            self.env["sale.order"]._read_group(
                [("api_integration_id", "in", self.integration_id.ids)],
                ["api_integration_id"],
                ["__count"],
            )
        )
        for shop in self:
            shop.failed_pull_count = failed.get(shop, 0)
            shop.shipment_count = shipments.get(shop, 0)
            shop.order_count = orders.get(shop.integration_id, 0)

    @api.constrains("integration_id", "store_id", "stock_store_ids")
    def _check_stores(self):
        for shop in self:
            allowed = shop.integration_id.store_ids
            outside = (shop.store_id | shop.stock_store_ids) - allowed
            if outside:
                raise ValidationError(
                    self.env._(
                        "Shop %(shop)s uses store(s) %(stores)s that its "
                        "integration %(integration)s may not access: add them "
                        "to the integration or choose among %(allowed)s.",
                        shop=shop.display_name,
                        stores=", ".join(outside.mapped("code")),
                        integration=shop.integration_id.display_name,
                        allowed=", ".join(allowed.mapped("code")),
                    )
                )

    @api.constrains("gateway_url")
    def _check_gateway_url(self):
        for shop in self:
            if not (shop.gateway_url or "").startswith(("http://", "https://")):
                raise ValidationError(
                    self.env._(
                        "The gateway URL of %(shop)s must start with http:// or "
                        "https://.",
                        shop=shop.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_pull_orders(self):
        """Pull the trades modified since the last pull now."""
        self._multistore_require_group(CHAIN_MANAGER, self.env._("pull shop orders"))
        results = [shop._pull_orders() for shop in self]
        return self._notification(
            self.env._("Orders pulled"),
            "\n".join(message for message, __ in results),
            "success" if all(ok for __, ok in results) else "warning",
        )

    def action_push_stock(self):
        """Push the available quantity of every mapped product now."""
        self._multistore_require_group(CHAIN_MANAGER, self.env._("push shop stock"))
        results = [shop._push_stock() for shop in self]
        return self._notification(
            self.env._("Stock pushed"), "\n".join(results), "success"
        )

    def action_view_failed_pulls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_connector_taobao.multistore_connector_taobao_pull_item_action"
        )
        action["domain"] = [("shop_id", "=", self.id)]
        action["context"] = {"search_default_failed": 1, "search_default_attention": 1}
        return action

    def action_view_shipments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_connector_taobao.multistore_connector_taobao_shipment_action"
        )
        action["domain"] = [("shop_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("api_integration_id", "=", self.integration_id.id)]
        action["context"] = {}
        return action

    def _notification(self, title, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
                "type": kind,
                "sticky": kind != "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # TOP calls
    # ------------------------------------------------------------------
    def _top_call(self, method, params):
        self.ensure_one()
        # The credentials are an administrator's fields: read here only, to
        # sign the call, never returned.
        shop = self.sudo()
        if not shop.app_secret or not shop.session_key:
            raise TopError(
                self.env._(
                    "Shop %(shop)s has no app secret or session key: enter them "
                    "on the shop.",
                    shop=shop.display_name,
                ),
                temporary=False,
            )
        started = time.monotonic()
        error = None
        try:
            return top_client.call(
                shop.gateway_url,
                shop.app_key,
                shop.app_secret,
                shop.session_key,
                method,
                params,
                sign_method=shop.sign_method,
            )
        except TopError as exc:
            error = exc
            raise
        finally:
            # Outgoing calls go in the integration's call log, as the SF
            # connector's do (kept when the caller's transaction rolls back).
            self.env["multistore.api.call"]._log(
                {
                    "integration_id": shop.integration_id.id,
                    "method": "POST",
                    "endpoint": f"TOP {method}",
                    "path": shop.gateway_url,
                    "status_code": 200
                    if error is None
                    else (503 if error.temporary else 422),
                    "duration_ms": (time.monotonic() - started) * 1000.0,
                    "error": error and str(error)[:2000],
                }
            )

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    @api.model
    def _cron_pull_orders(self):
        for shop in self.search(
            [("auto_sync", "=", True), ("integration_id.active", "=", True)]
        ):
            shop._pull_orders()

    def _pull_orders(self):
        """Retry the failed trades, then fetch the trades modified since the
        cursor (minus the overlap) one day window at a time, page by page,
        and import each. The cursor moves to the end of each window fetched
        in full: a TOP or HTTP error leaves it where the error's window
        starts, so the next pull fetches that window again. Returns a
        one-line summary (also kept on the shop) and whether nothing
        failed."""
        self.ensure_one()
        # Pull items and the cursor are the connector's bookkeeping; the
        # orders themselves are imported as the integration's user.
        shop = self.sudo()
        counts = dict.fromkeys(
            ("imported", "existing", "cancelled", "failed", "attention", "skipped"),
            0,
        )
        for item in shop.pull_item_ids.filtered(lambda i: i.state == "failed"):
            counts[shop._import_trade(item._trade())] += 1
        end = fields.Datetime.now().replace(microsecond=0)
        if shop.pull_cursor:
            start = shop.pull_cursor - timedelta(minutes=shop.overlap_minutes)
        else:
            start = end - FIRST_PULL
        error = None
        while start < end and not error:
            window_end = min(start + MAX_WINDOW, end)
            try:
                for trade in shop._fetch_trades(start, window_end):
                    counts[shop._import_trade(trade)] += 1
            except TopError as exc:
                error = exc
                break
            if not shop.pull_cursor or window_end > shop.pull_cursor:
                shop.pull_cursor = window_end
            start = window_end
        message = self.env._(
            "%(shop)s: %(imported)s imported, %(existing)s already imported, "
            "%(cancelled)s cancelled, %(failed)s failed, %(attention)s to "
            "handle, %(skipped)s not to ship.",
            shop=shop.name,
            **counts,
        )
        if error:
            message += " " + self.env._(
                "Stopped at %(time)s: %(error)s The next pull starts there.",
                time=top_client.top_time(start),
                error=str(error),
            )
            _logger.warning("Taobao pull of shop %s: %s", shop.id, error)
        shop.write(
            {"last_pull_date": fields.Datetime.now(), "last_pull_message": message}
        )
        ok = not error and not counts["failed"] and not counts["attention"]
        return message, ok

    def _fetch_trades(self, start, end):
        """The trades modified in [start, end], every page (TOP's
        ``use_has_next`` paging)."""
        page = 1
        while True:
            body = self._top_call(
                "taobao.trades.sold.increment.get",
                {
                    "fields": TRADE_FIELDS,
                    "start_modified": top_client.top_time(start),
                    "end_modified": top_client.top_time(end),
                    "page_no": page,
                    "page_size": self.page_size,
                    "use_has_next": "true",
                },
            )
            result = body.get("trades_sold_increment_get_response") or {}
            yield from (result.get("trades") or {}).get("trade") or []
            if not result.get("has_next"):
                return
            page += 1

    def _trade_lines(self, trade):
        """Import lines of a trade: the explicit mapping of its outer id,
        else the product whose internal reference is the outer id."""
        mapping = {m.outer_id: m.product_id for m in self.product_ids if m.outer_id}
        lines = []
        for sub in (trade.get("orders") or {}).get("order") or []:
            outer = sub.get("outer_sku_id") or sub.get("outer_iid") or ""
            quantity = float(sub.get("num") or 0)
            line = {"quantity": quantity}
            if outer in mapping:
                line["product_id"] = mapping[outer].id
            else:
                line["default_code"] = outer or str(sub.get("num_iid") or "?")
            # What the buyer paid for the line (after the shop's discounts).
            paid = sub.get("payment") or sub.get("price")
            if paid is not None and quantity:
                line["price_unit"] = float_round(
                    float(paid) / quantity
                    if sub.get("payment") is not None
                    else float(paid),
                    precision_digits=4,
                )
            lines.append(line)
        return lines

    def _import_trade(self, trade):
        """Import one trade, all or nothing: ``imported``, ``existing``,
        ``skipped`` (not waiting for shipment) or ``failed`` (recorded as a
        failed pull item, retried at the next pull). A closed trade whose
        order was imported cancels it: ``cancelled``, or ``attention`` when
        the order cannot be cancelled any more (see :meth:`_close_trade`)."""
        self.ensure_one()
        tid = str(trade.get("tid") or "")
        Item = self.env["multistore.connector.taobao.pull.item"]
        item = Item.search([("shop_id", "=", self.id), ("tid", "=", tid)], limit=1)
        status = trade.get("status")
        if status in CLOSED_STATUSES:
            order = self.integration_id._api_imported_order(tid)
            if order:
                return self._close_trade(trade, order, item)
        if status not in IMPORT_STATUSES:
            # Never imported (or not yet paid): nothing to import or cancel.
            if item.state == "failed":
                item.write({"state": "skipped", "trade_status": status})
            return "skipped"
        address = " ".join(
            filter(
                None,
                (
                    trade.get(key)
                    for key in (
                        "receiver_state",
                        "receiver_city",
                        "receiver_district",
                        "receiver_address",
                    )
                ),
            )
        )
        customer = {
            "name": trade.get("receiver_name") or tid,
            "phone": trade.get("receiver_mobile") or trade.get("receiver_phone"),
        }
        note = self.env._(
            "Taobao trade %(tid)s, ship to %(name)s %(phone)s, %(address)s",
            tid=tid,
            name=customer["name"],
            phone=customer["phone"] or "",
            address=address,
        )
        if trade.get("buyer_memo"):
            note += "\n" + trade["buyer_memo"]
        error, problems, result = None, [], "imported"
        try:
            # A concurrent pull importing the same trade makes the unique
            # violation below, expected: not logged as a bad query (any other
            # error of the import is raised and reported as before).
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                order, created = self.integration_id._api_import_order(
                    tid, self.store_id, customer, self._trade_lines(trade), note=note
                )
                if created:
                    self._ship_to_receiver(order, trade)
            result = "imported" if created else "existing"
        except OrderLinesError as exc:
            error, problems = exc.args[0], exc.problems
        except errors.UniqueViolation:
            # Imported by a concurrent pull meanwhile.
            order, result = self.env["sale.order"], "existing"
        except (UserError, AccessError, ValidationError) as exc:
            error = exc.args[0]
        if error:
            self.env.invalidate_all()
            lines = self._trade_lines(trade)
            details = "\n".join(
                f"{(lines[p['index']].get('default_code') or '')} {p['message']}"
                for p in problems
            )
            self._record_item(item, trade, "failed", f"{error}\n{details}".strip())
            return "failed"
        if item:
            item.write(
                {
                    "state": "done",
                    "error": False,
                    "order_id": order.id or item.order_id.id,
                    "trade_status": status,
                }
            )
        return result

    def _record_item(self, item, trade, state, error, order=None):
        """Keep ``trade`` as a pull item (``item``, or a new one) in
        ``state`` with ``error``, for the chain manager's list."""
        self.ensure_one()
        vals = {
            "state": state,
            "error": error,
            "payload": top_client.dumps(trade),
            "trade_status": trade.get("status"),
            "attempts": item.attempts + 1,
        }
        if order:
            vals["order_id"] = order.id
        if item:
            item.write(vals)
            return
        Item = self.env["multistore.connector.taobao.pull.item"]
        tid = str(trade.get("tid") or "")
        try:
            # The unique violation is expected: not logged as a bad query.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                Item.create({"shop_id": self.id, "tid": tid, **vals})
        except errors.UniqueViolation:
            # A pull running at the same moment recorded the trade first:
            # update its item. (Under repeatable read, an item committed
            # after this transaction began is out of its sight: it is left
            # as the other pull wrote it.)
            item = Item.search([("shop_id", "=", self.id), ("tid", "=", tid)], limit=1)
            if item:
                item.write({**vals, "attempts": item.attempts + 1})

    # ------------------------------------------------------------------
    # Closed trades
    # ------------------------------------------------------------------
    def _close_trade(self, trade, order, item):
        """Cancel ``order``, the import of ``trade`` closed on Taobao before
        it was shipped (the buyer cancelled or was refunded).

        It goes through Odoo's cancel flow (``action_cancel`` without the
        e-mail wizard, as a user without a screen answers it): the open
        deliveries are cancelled and their reserved stock is free again. It
        runs as the integration's technical user once the integration's scope
        and store are checked; a refusal is a failed item, tried again at the
        next pull. An order already cancelled (the same closed trade seen
        again) is left as it is. One that cannot be cancelled any more
        (shipped, invoiced or locked) is not changed either: the trade is
        listed as a return for the store to handle (``attention``), and is
        not listed again when the pull sees it again."""
        self.ensure_one()
        tid, status = str(trade.get("tid") or ""), trade.get("status")
        # Whether anything is left to do is read as superuser: the order is
        # the integration's own import and nothing is changed by reading it.
        if order.sudo().state == "cancel" or (
            item.state in ("attention", "done") and item.trade_status in CLOSED_STATUSES
        ):
            return "skipped"
        try:
            self._check_order_access(order)
        except AccessError as exc:
            self._record_item(item, trade, "failed", exc.args[0], order)
            return "failed"
        reason = self._cancel_blocker(order.sudo())
        if reason:
            message = self.env._(
                "Trade %(tid)s was closed on Taobao (%(status)s) but its order "
                "%(order)s cannot be cancelled any more: %(reason)s. The order "
                "was left as it is: the store must handle a return (take the "
                "goods back, refund the buyer), then mark this trade as "
                "handled.",
                tid=tid,
                status=status,
                order=order.sudo().name,
                reason=reason,
            )
            self._record_item(item, trade, "attention", message, order)
            return "attention"
        try:
            with self.env.cr.savepoint():
                order.with_context(disable_cancel_warning=True).action_cancel()
                if order.state != "cancel":
                    raise UserError(
                        self.env._(
                            "Order %(order)s of closed trade %(tid)s was not "
                            "cancelled: cancel it by hand.",
                            order=order.name,
                            tid=tid,
                        )
                    )
                order.message_post(
                    body=self.env._(
                        "Taobao trade %(tid)s was closed (%(status)s): the "
                        "order and its open deliveries are cancelled.",
                        tid=tid,
                        status=status,
                    )
                )
        except (UserError, AccessError, ValidationError) as exc:
            self.env.invalidate_all()
            self._record_item(item, trade, "failed", exc.args[0], order)
            return "failed"
        if item:
            item.write(
                {
                    "state": "done",
                    "error": False,
                    "order_id": order.id,
                    "trade_status": status,
                }
            )
        return "cancelled"

    def _check_order_access(self, order):
        """The checks of the import path, for a change of an imported order:
        the integration still has the ``import_orders`` scope and the
        order's store."""
        self.ensure_one()
        integration = self.integration_id.sudo()
        if not integration._has_scope("import_orders"):
            raise AccessError(
                self.env._(
                    "Integration %(integration)s lacks the scope import_orders: "
                    "its orders are neither imported nor cancelled. Add the "
                    "scope to the integration.",
                    integration=integration.display_name,
                )
            )
        store = order.sudo().store_id
        if store not in integration.store_ids:
            raise AccessError(
                self.env._(
                    "Order %(order)s is in store %(store)s, which integration "
                    "%(integration)s may not access any more: add the store to "
                    "the integration, or handle the order in the store.",
                    order=order.sudo().name,
                    store=store.display_name,
                    integration=integration.display_name,
                )
            )

    @api.model
    def _cancel_blocker(self, order):
        """Why ``order`` cannot be cancelled any more, or None: goods that
        left (a transfer done, a shipment reported by the logistics API), a
        posted invoice, or an order locked."""
        if order.shipment_state in ("shipped", "delivered") or any(
            picking.state == "done" for picking in order.picking_ids
        ):
            return self.env._("its goods were shipped")
        if any(move.state == "posted" for move in order.invoice_ids):
            return self.env._("it is invoiced")
        if order.locked:
            return self.env._("it is locked")
        return None

    # ------------------------------------------------------------------
    # Receiver address
    # ------------------------------------------------------------------
    def _ship_to_receiver(self, order, trade):
        """Ship ``order`` (just imported, in the technical user's
        environment) to the trade's receiver: a delivery address under the
        order's customer, the same one each time the customer has the goods
        sent to the same receiver and address.

        As ``delivery`` does for a pickup point, the order is written with
        ``update_delivery_shipping_partner`` so that its deliveries go to the
        new address; the fiscal position the lines were priced with is kept.
        """
        vals = self._receiver_address(trade)
        if not vals:
            return
        Partner = order.env["res.partner"]
        buyer = order.partner_id
        delivery = Partner.search(
            [("parent_id", "=", buyer.id), ("type", "=", "delivery")]
            + [(name, "=", value) for name, value in vals.items()],
            limit=1,
        )
        if not delivery:
            # Store staff (the technical user) do not create contacts; the
            # import, checked for its scope and store, creates the delivery
            # address as it creates the customer (_api_customer).
            delivery = (
                Partner.sudo()
                .create({"parent_id": buyer.id, "type": "delivery", **vals})
                .with_env(order.env)
            )
        if order.partner_shipping_id != delivery:
            order.with_context(update_delivery_shipping_partner=True).write(
                {
                    "partner_shipping_id": delivery.id,
                    "fiscal_position_id": order.fiscal_position_id.id,
                }
            )

    @api.model
    def _receiver_address(self, trade):
        """The delivery address fields of a trade's receiver (China's
        address fields: province, city, district, address), or an empty dict
        when the trade has no address. The province is the Chinese state
        when one matches; otherwise it is kept in front of the city."""
        text = {
            key: " ".join(str(trade.get(f"receiver_{key}") or "").split())
            for key in (
                "name",
                "mobile",
                "phone",
                "state",
                "city",
                "district",
                "address",
                "zip",
            )
        }
        if not any(text[key] for key in ("state", "city", "district", "address")):
            return {}
        country = self.env.ref("base.cn", raise_if_not_found=False)
        state = self._cn_state(text["state"], country)
        city = text["city"]
        if text["state"] and not state:
            city = " ".join(filter(None, (text["state"], city)))
        return {
            "name": text["name"] or False,
            # The receiver's mobile stays on the address: the carrier calls it.
            "phone": text["mobile"] or text["phone"] or False,
            "country_id": country.id if country else False,
            "state_id": state.id or False,
            "city": city or False,
            "street": text["address"] or False,
            "street2": text["district"] or False,
            "zip": text["zip"] or False,
        }

    @api.model
    def _cn_state(self, province, country):
        """The state of China named ``province`` as Taobao writes it ("上海",
        "浙江省", "广西壮族自治区"), or an empty recordset."""
        States = self.env["res.country.state"]
        key = province_key(province)
        if not key or not country:
            return States
        for state in States.search([("country_id", "=", country.id)]):
            if key in (province_key(state.name), state.code):
                return state
        return States

    # ------------------------------------------------------------------
    # Stock
    # ------------------------------------------------------------------
    @api.model
    def _cron_push_stock(self):
        for shop in self.search(
            [("auto_sync", "=", True), ("integration_id.active", "=", True)]
        ):
            shop._push_stock()

    def _stock_stores(self):
        self.ensure_one()
        return self.stock_store_ids or self.store_id

    def _push_stock(self, mappings=None):
        """Push the available quantity (sum over the stock stores, rounded
        down, never negative) of ``mappings`` (default: every mapped product
        with a TOP item id). A mapping whose push fails stays to push."""
        self.ensure_one()
        # Stock figures and push results are the connector's bookkeeping.
        shop = self.sudo()
        if mappings is None:
            mappings = shop.product_ids
        mappings = mappings.sudo().filtered(lambda m: m.num_iid and m.active)
        stores = shop._stock_stores()
        # (_api_stock flushes what this transaction changed before its SQL.)
        stock = stores._api_stock(mappings.product_id)
        pushed = failed = 0
        for mapping in mappings:
            available = sum(
                stock.get((store.id, mapping.product_id.id), (0.0, 0.0, 0.0))[1]
                for store in stores
            )
            quantity = max(0, math.floor(available + 1e-9))
            params = {"num_iid": mapping.num_iid, "quantity": quantity, "type": 1}
            if mapping.sku_id:
                params["sku_id"] = mapping.sku_id
            try:
                shop._top_call("taobao.item.quantity.update", params)
            except TopError as exc:
                mapping.write({"push_error": str(exc), "stock_dirty": True})
                failed += 1
                continue
            mapping.write(
                {
                    "last_pushed_qty": quantity,
                    "last_push_date": fields.Datetime.now(),
                    "push_error": False,
                    "stock_dirty": False,
                }
            )
            pushed += 1
        return self.env._(
            "%(shop)s: %(pushed)s pushed, %(failed)s failed.",
            shop=shop.name,
            pushed=pushed,
            failed=failed,
        )

    def _push_dirty_stock(self):
        """queue_job job: push the mappings whose stock moved."""
        for shop in self:
            dirty = shop.sudo().product_ids.filtered("stock_dirty")
            if dirty:
                shop._push_stock(dirty)

    def _enqueue_stock_push(self):
        for shop in self:
            shop.with_delay(
                identity_key=identity_exact,
                description=f"Taobao stock push, shop #{shop.id}",
            )._push_dirty_stock()
