from collections import defaultdict

from psycopg2 import errorcodes, errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..tools.sales_rules import POS_SOLD_STATES
from .product_pricelist import PricelistRuleCache

# Key of ``cr.cache`` counting the till syncs running in the transaction.
TILL_SYNC_KEY = "multistore_till_sync"
# Order fields that decide the price of every line.
PRICE_ORDER_FIELDS = ("pricelist_id", "fiscal_position_id", "date_order", "session_id")


UUID_CONSTRAINT = "pos_order_multistore_uuid_unique"


class TillOrderSentTwice(errors.SerializationFailure):
    """A till sent the same order again while its first send was being saved.

    Raised instead of the unique violation of the order's uuid so that
    Odoo's request retry runs the second send again, in a new transaction
    that sees the order the first send saved: ``sync_from_ui`` then answers
    with that order, and the till's order lands once."""

    pgcode = errorcodes.SERIALIZATION_FAILURE


class PosOrder(models.Model):
    """Store of a till order, and the server's check of the till's prices.

    The till computes line prices in the browser; a client that calls the
    server directly can send any price. Every line a store's till sends
    (``sync_from_ui``), and every line created or repriced over RPC, is
    checked against the store's price list: see
    ``_multistore_check_till_prices``.
    """

    _inherit = "pos.order"
    _multistore_store_locked_states = POS_SOLD_STATES

    # One till order is one pos.order, however often the till sends it.
    # Odoo's sync_from_ui looks the till's order up by its uuid before
    # creating it, but nothing made the uuid unique: a till that gives up
    # waiting (a slow server, a lost answer) and resends the order while the
    # first send is still being saved does not see the first, uncommitted
    # order, and both sends created one (two orders, two payments, points
    # twice; tests/e2e/test_faults.py). With the unique index the second
    # send waits for the first, fails and is retried (sync_from_ui below),
    # and finds it.
    _sql_constraints = [
        (
            "multistore_uuid_unique",
            "unique(uuid)",
            "This till order was already received: the till sent it twice.",
        ),
    ]

    # Not precomputed: Odoo would build each new till order in memory with
    # all its lines to precompute it; computed when the order is flushed.
    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        index=True,
    )

    @api.depends("session_id")
    def _compute_store_id(self):
        for order in self:
            order.store_id = order.session_id.store_id

    def write(self, vals):
        res = super().write(vals)
        if (
            not self.env.su
            and any(name in vals for name in PRICE_ORDER_FIELDS)
            and not self._multistore_in_till_sync()
        ):
            self._multistore_check_till_prices()
        return res

    # ------------------------------------------------------------------
    # Till sync
    # ------------------------------------------------------------------
    @api.model
    def sync_from_ui(self, orders):
        try:
            return super().sync_from_ui(orders)
        except errors.UniqueViolation as exc:
            if exc.diag.constraint_name != UUID_CONSTRAINT:
                raise
            raise TillOrderSentTwice(str(exc)) from exc

    @api.model
    def _process_order(self, order, existing_order):
        """Check the lines once the till's order is saved, as a whole.

        Combo lines are linked only after the order is written, so the
        lines are not checked one by one meanwhile (see
        ``pos.order.line.create``) but in ``_process_saved_order``.
        """
        cache = self.env.cr.cache
        cache[TILL_SYNC_KEY] = cache.get(TILL_SYNC_KEY, 0) + 1
        try:
            return super()._process_order(order, existing_order)
        finally:
            cache[TILL_SYNC_KEY] -= 1

    def _process_saved_order(self, draft):
        if self._multistore_in_till_sync():
            self._multistore_check_till_prices()
            self._multistore_check_till_amounts()
        return super()._process_saved_order(draft)

    def _create_order_picking(self):
        """The till's delivery, made as superuser, then checked as the user.

        Everything in it follows from the paid order: the till's operation
        type, the lines (their prices checked) and the customer's location.
        Made as the cashier, each of the dozen writes of its moves while the
        picking is validated ran the store rules of stock moves and move
        lines in Python, record by record (an eighth of the Python calls of
        a till order, issue #15). The order is checked as the user's first (its store
        rule), and where the goods went afterwards: the locations of the
        moves and move lines in the user's stores, or outside every store
        (customers), as a store user's own moves must be.
        """
        if self.env.su or not self.store_id:
            return super()._create_order_picking()
        self.check_access("write")
        res = super(PosOrder, self.sudo())._create_order_picking()
        moves = self.sudo().picking_ids.move_ids
        locations = (
            moves.location_id
            | moves.location_dest_id
            | moves.move_line_ids.location_id
            | moves.move_line_ids.location_dest_id
        )
        locations.with_env(self.env)._multistore_check_own_store()
        return res

    @api.model
    def _multistore_in_till_sync(self):
        return self.env.cr.cache.get(TILL_SYNC_KEY, 0) > 0

    # ------------------------------------------------------------------
    # Price check
    # ------------------------------------------------------------------
    def _multistore_check_till_prices(self, lines=None):
        """Refuse till lines sold at another price than the store's.

        ``lines``: the lines to check (default: every line of the orders).

        - A refund line (``refunded_orderline_id``) refunds the product it
          names at the refunded line's price (and no smaller discount) and
          taxes, and never more than is left to refund of that line: for
          every user.
        - Any other line carries its product's taxes (as the till gives
          them, ``_multistore_till_taxes``) and sells at the price of the
          order's price list (one
          the till offers) for its quantity, at the order's date or at the
          opening of its session (a till loads its prices when it opens);
          no-variant attribute prices and combo items included, and with
          the fiscal position's tax-included price where one applies.
          Line discounts are the discount limit's business
          (multistore_pricing: ``pos.order.line._check_store_discount_limit``).
        - Store managers may set any price (as Odoo's price control lets
          managers); lines ``_multistore_is_price_exempt`` (tips, and loyalty
          rewards in multistore_loyalty) keep theirs.

        Orders of a till outside every store are not checked.
        """
        if self.env.su:
            return
        lines = self.lines if lines is None else lines
        manager = self.env.user.has_group("multistore_base.group_store_manager")
        for order in self.filtered("store_id"):
            order_lines = lines.filtered(
                lambda line, order=order: (
                    line.order_id == order
                    and not float_is_zero(
                        line.qty,
                        precision_rounding=line.product_uom_id.rounding or 0.01,
                    )
                )
            )
            refunds = order_lines.filtered("refunded_orderline_id")
            order._multistore_check_refund_lines(refunds)
            if not manager:
                order._multistore_check_sale_lines(order_lines - refunds)

    def _multistore_check_till_amounts(self):
        """The amounts a till sends are those of its lines.

        Reports and the session's accounting read the lines' subtotals, and
        the order is paid when the payments reach its total: a subtotal or
        a total that does not follow from the lines is refused (see
        ``_multistore_check_line_amounts``); the till rounds each line and
        the order's total, hence the tolerance of the currency's rounding
        per line (and the cash rounding of the till).
        """
        if self.env.su:
            return
        for order in self.filtered("store_id"):
            currency = order.currency_id
            order._multistore_check_line_amounts(order.lines)
            total = sum(order.lines.mapped("price_subtotal_incl"))
            config = order.session_id.config_id
            cash_rounding = (
                config.rounding_method.rounding
                if config.cash_rounding and config.rounding_method
                else 0.0
            )
            tolerance = max(len(order.lines), 1) + cash_rounding / currency.rounding
            if not order._multistore_price_matches(
                order.amount_total, [total], tolerance
            ):
                raise UserError(
                    self.env._(
                        "The total of %(order)s (%(amount)s) is not the total of "
                        "its lines (%(total)s): check the order and pay it again.",
                        order=order.display_name,
                        amount=currency.format(order.amount_total),
                        total=currency.format(total),
                    )
                )

    def _multistore_check_line_amounts(self, lines):
        """The subtotals of ``lines`` (of this order) follow from their price,
        quantity, discount and taxes, as Odoo computes them
        (``_compute_amount_line_all``, see
        ``pos.order.line._multistore_amounts``), give or take the currency's
        rounding. The points bound of multistore_loyalty reads them."""
        self.ensure_one()
        line_amounts = lines._multistore_amounts()
        for line in lines:
            amounts = line_amounts[line]
            if not all(
                self._multistore_price_matches(line[name], [amounts[name]])
                for name in ("price_subtotal", "price_subtotal_incl")
            ):
                raise UserError(
                    self.env._(
                        "The amounts of %(product)s on %(order)s do not follow "
                        "from its price, quantity, discount and taxes "
                        "(%(amount)s expected): add the product again.",
                        product=line.full_product_name or line.product_id.display_name,
                        order=self.display_name,
                        amount=self.currency_id.format(amounts["price_subtotal_incl"]),
                    )
                )

    def _multistore_check_sale_lines(self, lines):
        """Sold lines carry their product's taxes and the store's price list
        price (see ``_multistore_check_till_prices``)."""
        self.ensure_one()
        lines = lines.filtered(lambda line: not line._multistore_is_price_exempt())
        if not lines:
            return
        for line in lines:
            taxes = line._multistore_till_taxes()
            if line.tax_ids != taxes:
                raise UserError(
                    self.env._(
                        "%(product)s is sold with the taxes %(taxes)s, not "
                        "%(sent)s: add the product again.",
                        product=line.full_product_name or line.product_id.display_name,
                        taxes=", ".join(taxes.mapped("name")) or "-",
                        sent=", ".join(line.tax_ids.mapped("name")) or "-",
                    )
                )
        self._multistore_check_pricelist()
        # Combos: the till spreads the combo's price over its items.
        parents = lines.combo_parent_id | lines.filtered("combo_line_ids")
        combos = {parent: parent | parent.combo_line_ids for parent in parents}
        singles = lines - self.env["pos.order.line"].union(*combos.values())
        requests = {}
        for line in singles:
            requests[line] = line._multistore_price_requests()
        for parent in combos:
            requests[parent] = [(parent.product_id, 1.0, 0.0)]
        pending = list(requests)
        wrong = {}
        for date in self._multistore_price_dates():
            prices = self._multistore_pricelist_prices(
                [request for line in pending for request in requests[line]], date
            )
            still_wrong = []
            for line in pending:
                found = [
                    prices[product.id, qty, extra]
                    for product, qty, extra in requests[line]
                ]
                if line in combos:
                    family = combos[line]
                    actual = sum(family.mapped("price_unit"))
                    extra = (family - line)._multistore_combo_extra()
                    expected = [price + extra for price in found]
                    tolerance = len(family)
                else:
                    actual = line.price_unit
                    expected = line._multistore_price_candidates(found)
                    tolerance = 1
                if not self._multistore_price_matches(actual, expected, tolerance):
                    still_wrong.append(line)
                    wrong.setdefault(line, expected[0])
            pending = still_wrong
            if not pending:
                return
        raise UserError(
            self.env._(
                "These prices are not the prices of store %(store)s (price list "
                "%(pricelist)s): %(lines)s. Add the products again at the store "
                "price, or ask a store manager to change a price.",
                store=self.store_id.display_name,
                pricelist=self.pricelist_id.display_name or "-",
                lines="; ".join(
                    self.env._(
                        "%(product)s at %(price)s instead of %(expected)s",
                        product=line.full_product_name or line.product_id.display_name,
                        price=self.currency_id.format(
                            sum((combos.get(line) or line).mapped("price_unit"))
                        ),
                        expected=self.currency_id.format(expected),
                    )
                    for line, expected in wrong.items()
                    if line in pending
                ),
            )
        )

    def _multistore_check_pricelist(self):
        """The order sells at a price list its till offers."""
        self.ensure_one()
        config = self.session_id.config_id
        allowed = config.available_pricelist_ids | config.pricelist_id
        if self.pricelist_id in allowed or not (self.pricelist_id or allowed):
            return
        raise UserError(
            self.env._(
                "Till %(till)s does not sell at price list %(pricelist)s: use "
                "one of %(allowed)s.",
                till=config.display_name,
                pricelist=self.pricelist_id.display_name or "-",
                allowed=", ".join(allowed.mapped("display_name")) or "-",
            )
        )

    def _multistore_price_dates(self):
        """When the till may have priced the order.

        The order's date (never in the future), and the opening of its
        session: a till computes its prices from the price list items it
        loaded when it opened, so a price change that started since then
        reaches it when it reloads.
        """
        self.ensure_one()
        now = fields.Datetime.now()
        session = self.session_id
        opened = min(
            date for date in (session.start_at, session.create_date, now) if date
        )
        order_date = min(self.date_order or now, now)
        return [max(order_date, opened)] + ([opened] if order_date > opened else [])

    def _multistore_pricelist_prices(self, requests, date):
        """``{(product id, qty, extra): price}`` in the order's price list,
        for ``requests``: ``[(product, qty, extra)]``.

        One rule search per price list for the whole order (see
        PricelistRuleCache), then Odoo's own price computation per product,
        quantity and no-variant attribute price.
        """
        self.ensure_one()
        if not requests:
            return {}
        pricelist = self.pricelist_id
        products = self.env["product.product"].union(
            *(product for product, _qty, _extra in requests)
        )
        cache = PricelistRuleCache(products)
        groups = defaultdict(lambda: self.env["product.product"])
        for product, qty, extra in requests:
            groups[qty, extra] |= product
        result = {}
        for (qty, extra), group in groups.items():
            group = group.with_context(no_variant_attributes_price_extra=extra)
            if pricelist:
                prices = {
                    product_id: price
                    for product_id, (price, _rule) in pricelist.with_context(
                        multistore_rule_cache=cache
                    )
                    ._compute_price_rule(group, qty, date=date)
                    .items()
                }
            else:
                prices = {product.id: product.lst_price + extra for product in group}
            for product in group:
                result[product.id, qty, extra] = prices[product.id]
        return result

    def _multistore_price_matches(self, actual, expected, tolerance=1):
        """Whether ``actual`` is one of the ``expected`` prices, give or take
        ``tolerance`` units of the currency's rounding (the till rounds each
        price it computes)."""
        rounding = self.currency_id.rounding
        return any(
            float_compare(
                abs(actual - price),
                rounding * tolerance,
                precision_rounding=rounding / 100,
            )
            <= 0
            for price in expected
        )
