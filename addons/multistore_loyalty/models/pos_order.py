import math
from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES

from .loyalty_card import POINTS_DIGITS, points_flow

# Order states of a sale that can be refunded at a till: the sold ones.
REFUNDABLE_STATES = POS_SOLD_STATES
# Fields of the order and its lines a till needs to refund an order it did
# not sell (see multistore_find_order_for_refund).
REFUND_ORDER_FIELDS = [
    "name",
    "pos_reference",
    "tracking_number",
    "uuid",
    "date_order",
    "partner_id",
    "pricelist_id",
    "fiscal_position_id",
    "amount_total",
    "amount_tax",
    "amount_paid",
    "amount_return",
    "state",
    "sequence_number",
    "currency_id",
    "company_id",
    "lines",
    "has_refundable_lines",
]
# How many orders of a member the till may list to pick one to refund.
REFUND_SEARCH_LIMIT = 20
# Longest receipt reference a till may send.
REFUND_REFERENCE_MAX = 128
# Flags the loyalty flows set on an order; a till or a user setting them
# would skip the posting of its points.
LOYALTY_FLAGS = ("multistore_loyalty_posted", "multistore_loyalty_confirmed")


class PosOrder(models.Model):
    _inherit = "pos.order"

    multistore_loyalty_posted = fields.Boolean(
        string="Loyalty Posted",
        readonly=True,
        copy=False,
        help="Points redeemed by the order and points reversed by its refund "
        "lines were posted when it was paid.",
    )
    multistore_loyalty_confirmed = fields.Boolean(
        string="Loyalty Confirmed",
        readonly=True,
        copy=False,
        help="The points earned by the order were confirmed; a till that "
        "confirms them again (an order synced twice) changes nothing.",
    )

    def _multistore_check_workflow_vals(self, vals, creating=False):
        flags = [name for name in LOYALTY_FLAGS if name in vals]
        if creating:
            flags = [name for name in flags if vals[name]]
        if flags:
            raise UserError(
                self.env._(
                    "The points of an order are posted by the server when it is "
                    "paid and confirmed: a till or a user cannot mark them."
                )
            )
        return super()._multistore_check_workflow_vals(vals, creating=creating)

    @api.model
    def _get_refunded_orders(self, order):
        """The orders refunded by a till payload, whichever store sold them.

        A till may refund an order of another store (returns anywhere), which
        the store rules hide from its cashier: sudo() reads the refunded lines
        of this payload and their order only (Odoo checks they are one order).
        """
        return (
            super(PosOrder, self.sudo())._get_refunded_orders(order).with_env(self.env)
        )

    def _compute_order_name(self, session=None):
        """Name a refund after the refunded order, whichever store sold it.

        sudo(): see _get_refunded_orders; reads the refunded order's name.
        """
        return super(PosOrder, self.sudo())._compute_order_name(session=session)

    def _is_pos_order_paid(self):
        """Compare a refund with the refunded order, whichever store sold it.

        sudo(): see _get_refunded_orders; reads the refunded order's totals.
        """
        return super(PosOrder, self.sudo())._is_pos_order_paid()

    def _prepare_invoice_vals(self):
        """Invoice a refund against the refunded order's invoice, whichever
        store sold it.

        sudo(): see _get_refunded_orders; reads the refunded order's invoice
        to reverse it. Only values are prepared here, nothing is written.
        """
        return super(PosOrder, self.sudo())._prepare_invoice_vals()

    # Payment -----------------------------------------------------------------

    def _process_saved_order(self, draft):
        """Post the order's points in the transaction that saves it.

        Odoo logs and swallows errors of ``action_pos_order_paid`` while a till
        syncs: points are posted after it instead, so that a refused
        redemption refuses the whole order (nothing written, the till shows
        why).
        """
        order = self.with_context(multistore_loyalty_defer=True)
        res = super(PosOrder, order)._process_saved_order(draft)
        if not draft:
            self._multistore_post_paid_loyalty()
        return res

    def action_pos_order_paid(self):
        res = super().action_pos_order_paid()
        if not self.env.context.get("multistore_loyalty_defer"):
            self._multistore_post_paid_loyalty()
        return res

    def _multistore_post_paid_loyalty(self):
        """Redeem the points of the reward lines, reverse refunded points.

        Runs once per order (``multistore_loyalty_posted``). Cards are locked
        while their balance is checked and changed.
        """
        cards = self.env["loyalty.card"]
        for order in self:
            if order.multistore_loyalty_posted or order.state in ("draft", "cancel"):
                continue
            order._multistore_check_reward_lines()
            give_back, take_back = order._multistore_refund_reversal_vals()
            cards._multistore_post_points(
                order._multistore_redemption_vals() + give_back
            )
            cards._multistore_post_points(order._multistore_clamp_take_back(take_back))
            order._multistore_set_loyalty_flag("multistore_loyalty_posted")
            order.partner_id._multistore_update_tier()

    def _multistore_set_loyalty_flag(self, name):
        """Mark the points of this order posted or confirmed.

        sudo(): the flags are closed to users and tills (see
        _multistore_check_workflow_vals); the flow that posted the points
        sets them on this order only.
        """
        self.ensure_one()
        self.sudo()[name] = True

    def _multistore_check_till_program(self, program, card=None):
        """Refuse a program this order's till may not use.

        The till loads only the programs of its store and of itself
        (pos.config._get_program_ids): anything else comes from a stale or
        forged payload.
        """
        self.ensure_one()
        program._multistore_check_store(self.store_id, card)
        config = self.config_id
        if not program.pos_ok or (
            program.pos_config_ids and config not in program.pos_config_ids
        ):
            raise UserError(
                self.env._(
                    "Program %(program)s does not run at till %(till)s: remove "
                    "its reward or card from the order.",
                    program=program.name,
                    till=config.display_name,
                )
            )

    def _multistore_check_reward_lines(self):
        """Refuse reward lines that the program's rules do not give.

        Reward lines carry a negative price by design, so the price check of
        the till (multistore_base) leaves them out
        (pos.order.line._multistore_is_price_exempt); they are checked here
        when the order is paid, per reward: its program runs in this store
        and at this till, its card belongs to that program, and the
        discount is not larger than what the points paid for it buy. Points
        of rewards claimed without a card yet (promotions, first purchase)
        must be earned by this very order. Refund lines are checked against
        the refunded line elsewhere.
        """
        self.ensure_one()
        reward_lines = self.lines.filtered(
            lambda line: (
                (line.is_reward_line or line.reward_id or line.coupon_id)
                and not line.refunded_orderline_id
            )
        )
        if not reward_lines:
            return
        goods_total = sum(
            max(self._multistore_line_amount(line), 0.0)
            for line in self._multistore_goods_lines()
        )
        groups = defaultdict(lambda: self.env["pos.order.line"])
        for line in reward_lines:
            code = line.reward_identifier_code or str(line.id)
            groups[(line.reward_id, line.coupon_id, code)] |= line
        cardless = defaultdict(float)
        for (reward, card, _code), lines in groups.items():
            if not reward:
                raise UserError(
                    self.env._(
                        "A reward line of order %(order)s names no reward: remove "
                        "it and apply the reward again.",
                        order=self.display_name,
                    )
                )
            program = reward.program_id
            if card:
                self._multistore_check_till_program(card.program_id, card)
            self._multistore_check_till_program(program)
            if card and card.program_id != program:
                raise UserError(
                    self.env._(
                        "Card %(code)s belongs to program %(card_program)s, not to "
                        "%(program)s: remove the reward and apply it again.",
                        code=card.code,
                        card_program=card.program_id.name,
                        program=program.name,
                    )
                )
            points = sum(lines.mapped("points_cost"))
            if not card:
                cardless[program] += points
            # The till sizes some discounts with taxes, others (cheapest line,
            # free product) without: the smaller of the two is compared.
            amounts = [line._compute_amount_line_all() for line in lines]
            value = min(
                -sum(amount["price_subtotal_incl"] for amount in amounts),
                -sum(amount["price_subtotal"] for amount in amounts),
            )
            limit = self._multistore_reward_limit(reward, points, goods_total)
            tolerance = self.currency_id.rounding * (len(lines) + 1)
            if (
                float_compare(
                    value,
                    limit + tolerance,
                    precision_rounding=self.currency_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Reward %(reward)s takes %(value)s off order %(order)s, but "
                        "the %(points)s points it uses give at most %(limit)s. "
                        "Remove the reward and apply it again at the till.",
                        reward=reward.display_name,
                        value=self.currency_id.round(value),
                        order=self.display_name,
                        points=float_round(points, POINTS_DIGITS),
                        limit=self.currency_id.round(max(limit, 0.0)),
                    )
                )
        for program, points in cardless.items():
            earnable, tolerance = self._multistore_max_program_points(program)
            multiplier = (
                self.partner_id._multistore_earn_multiplier()
                if program.program_type == "loyalty"
                else 1.0
            )
            if (
                float_compare(
                    points, (earnable + tolerance) * multiplier, POINTS_DIGITS
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "The rewards of program %(program)s on order %(order)s use "
                        "%(points)s points, but the order earns at most %(most)s "
                        "of them. Remove the rewards and apply them again.",
                        program=program.name,
                        order=self.display_name,
                        points=float_round(points, POINTS_DIGITS),
                        most=float_round(earnable * multiplier, POINTS_DIGITS),
                    )
                )

    def _multistore_reward_limit(self, reward, points, goods_total):
        """Largest discount (with taxes, order currency) ``points`` buy."""
        if reward.clear_wallet or not reward.required_points:
            claims = 1
        else:
            claims = math.floor(points / reward.required_points + 1e-6)
        if reward.reward_type == "product":
            unit = max(
                (
                    self._multistore_reward_product_price(p)
                    for p in reward.reward_product_ids
                ),
                default=0.0,
            )
            limit = unit * reward.reward_product_qty * claims
        elif reward.reward_type == "discount":
            if reward.discount_mode == "per_point":
                limit = points * reward.discount
            elif reward.discount_mode == "per_order":
                limit = reward.discount * min(claims, 1)
            else:
                limit = goods_total * reward.discount / 100.0 * min(claims, 1)
            if reward.discount_max_amount:
                limit = min(limit, reward.discount_max_amount)
            limit = min(limit, goods_total)
        else:
            limit = 0.0
        currency = reward.currency_id
        if currency and currency != self.currency_id:
            limit = currency._convert(
                limit,
                self.currency_id,
                self.company_id,
                fields.Date.context_today(self),
                round=False,
            )
        return limit

    def _multistore_reward_product_price(self, product):
        """Highest price with taxes the till may give ``product`` for free."""
        price = max(
            product.lst_price,
            self.pricelist_id._get_product_price(product, 1.0)
            if self.pricelist_id
            else 0.0,
        )
        taxes = self.fiscal_position_id.map_tax(product.taxes_id)
        if taxes:
            price = max(
                price,
                taxes.compute_all(price, self.currency_id, 1.0, product=product)[
                    "total_included"
                ],
            )
        return price

    def _multistore_history_vals(self, card, **vals):
        self.ensure_one()
        return {
            "card_id": card.id,
            "order_model": self._name,
            "order_id": self.id,
            "store_id": self.store_id.id,
            "pos_config_id": self.config_id.id,
            "kind": "order",
            "description": self.env._("Onsite %s", self.display_name),
            **vals,
        }

    def _multistore_redemption_vals(self):
        """History values of the points the reward lines redeem on existing
        cards, posted with the order.

        The cards are locked and the points are taken from their balance at
        once, so that no other till can spend them meanwhile. A program that
        lets an order spend the points it earns itself (``applies_on`` not
        "future") may redeem beyond the balance by at most what the order can
        earn: that part is settled when the till confirms the points it
        earned (confirm_coupon_programs), which checks the balance again.
        Cards created by this very order are settled there too.
        """
        self.ensure_one()
        spent = defaultdict(float)
        for line in self.lines:
            if (
                line.is_reward_line
                and line.coupon_id
                and line.points_cost
                and not line.refunded_orderline_id
            ):
                spent[line.coupon_id] += line.points_cost
        if not spent:
            return []
        cards = self.env["loyalty.card"].browse([card.id for card in spent])
        balances = cards._multistore_lock()
        vals_list = []
        for card, points in spent.items():
            card.program_id._multistore_check_store(self.store_id, card)
            balance = max(balances.get(card.id, 0.0), 0.0)
            earnable = self._multistore_earnable_points(card)
            if float_compare(points, balance + earnable, POINTS_DIGITS) > 0:
                raise UserError(
                    self.env._(
                        "Card %(code)s of %(member)s has %(balance)s points and "
                        "this order earns at most %(earnable)s: it cannot redeem "
                        "%(points)s. Redeem at most %(most)s points.",
                        code=card.code,
                        member=card.partner_id.display_name or "-",
                        balance=float_round(balance, POINTS_DIGITS),
                        earnable=float_round(earnable, POINTS_DIGITS),
                        points=float_round(points, POINTS_DIGITS),
                        most=float_round(balance + earnable, POINTS_DIGITS),
                    )
                )
            vals_list.append(
                self._multistore_history_vals(card, used=min(points, balance))
            )
        return vals_list

    def _multistore_earnable_points(self, card):
        """Most points this order can earn on ``card`` and spend at once.

        The most the program's rules give this order (see
        _multistore_max_program_points), tier multiplier included; the till
        computes the exact figure and confirms it later.
        """
        self.ensure_one()
        program = card.program_id
        if program.applies_on == "future" or program.program_type != "loyalty":
            return 0.0
        points = self._multistore_max_program_points(program)[0]
        partner = card.partner_id or self.partner_id
        return points * partner._multistore_earn_multiplier()

    def _multistore_goods_lines(self):
        """Lines of goods sold by this order (no reward, no refund line)."""
        return self.lines.filtered(
            lambda line: (
                not line.is_reward_line
                and not line.refunded_orderline_id
                and line.qty > 0
            )
        )

    @api.model
    def _multistore_line_amount(self, line):
        """Amount with taxes of ``line``, from its price, not from the till.

        The till also sends the line's subtotal; points and rewards are
        bounded by what the price (checked against the store's price list)
        and the quantity give.
        """
        return line._compute_amount_line_all()["price_subtotal_incl"]

    def _multistore_max_program_points(self, program):
        """Most points the rules of ``program`` give this order, before tier.

        Returns ``(points, tolerance)``. Follows the till's computation
        (pos_loyalty ``pointsForPrograms``) on the goods sold, counting
        every rule whose products and minimums the goods meet, and ignoring
        what only lowers the figure (discounts of other rewards, rules that
        need a code): an upper bound that a till computing honestly never
        exceeds. The tolerance covers the till's rounding to 0.01 per rule
        and per unit when points are split per unit.
        """
        self.ensure_one()
        goods = self._multistore_goods_lines()
        amounts = {line: line._compute_amount_line_all() for line in goods}
        Product = self.env["product.product"].with_context(active_test=False)
        points = 0.0
        tolerance = 0.01
        for rule in program.rule_ids:
            domain = rule._get_valid_product_domain()
            lines = goods
            if domain:
                valid = Product.search(
                    expression.AND([[("id", "in", goods.product_id.ids)], domain])
                )
                lines = goods.filtered(lambda line, v=valid: line.product_id in v)
            amount_incl = sum(
                max(amounts[line]["price_subtotal_incl"], 0.0) for line in lines
            )
            amount_excl = sum(
                max(amounts[line]["price_subtotal"], 0.0) for line in lines
            )
            quantity = sum(lines.mapped("qty"))
            minimum_amount = (
                amount_incl if rule.minimum_amount_tax_mode == "incl" else amount_excl
            )
            if (
                quantity < (rule.minimum_qty or 0)
                or rule.minimum_amount > minimum_amount + 0.01
            ):
                continue
            if rule.reward_point_mode == "order":
                points += rule.reward_point_amount
            elif rule.reward_point_mode == "money":
                points += rule.reward_point_amount * amount_incl
                tolerance += 0.01 * (1 + math.ceil(quantity))
            elif rule.reward_point_mode == "unit":
                points += rule.reward_point_amount * quantity
            tolerance += 0.01
        return points, tolerance

    def _multistore_refund_reversal_vals(self):
        """Points to give back and to take back for the refund lines.

        Earned points come back in proportion to the value of the goods
        refunded (refunded quantity x price of the refunded line, over the
        goods of the refunded order); points of a refunded reward line come
        back in proportion to its refunded quantity. Only loyalty cards are
        reversed: gift cards and eWallets are money, refunded as money.

        The refunded order may belong to another store (a return made
        anywhere): sudo() reads the refunded lines, their order and that
        order's loyalty history, nothing else.
        """
        self.ensure_one()
        refund_lines = self.lines.filtered("refunded_orderline_id")
        if not refund_lines:
            return [], []
        give_back, take_back = [], []
        refund_lines_sudo = refund_lines.sudo()
        History = self.env["loyalty.history"].sudo()
        for origin in refund_lines_sudo.refunded_orderline_id.order_id:
            lines = refund_lines_sudo.filtered(
                lambda line, origin=origin: (
                    line.refunded_orderline_id.order_id == origin
                )
            )
            goods_value = sum(
                origin.lines.filtered(lambda line: not line.is_reward_line).mapped(
                    "price_subtotal_incl"
                )
            )
            refunded_value = 0.0
            for line in lines:
                source = line.refunded_orderline_id
                if source.qty:
                    ratio = -line.qty / source.qty
                else:
                    ratio = 0.0
                if source.is_reward_line:
                    card = source.coupon_id
                    if card.program_id.program_type == "loyalty" and source.points_cost:
                        give_back.append(
                            self._multistore_history_vals(
                                card,
                                issued=float_round(
                                    source.points_cost * ratio, POINTS_DIGITS
                                ),
                                kind="refund",
                                description=self.env._(
                                    "%(order)s returned: redeemed points given back",
                                    order=origin.display_name,
                                ),
                            )
                        )
                else:
                    refunded_value += ratio * source.price_subtotal_incl
            share = (
                min(max(refunded_value / goods_value, 0.0), 1.0) if goods_value else 0.0
            )
            if not share:
                continue
            earned = History.search(
                [
                    ("order_model", "=", "pos.order"),
                    ("order_id", "=", origin.id),
                    ("kind", "=", "order"),
                    ("issued", ">", 0),
                ]
            )
            other_refunds = origin.lines.refund_orderline_ids.order_id - self
            taken = History.search(
                [
                    ("order_model", "=", "pos.order"),
                    ("order_id", "in", other_refunds.ids),
                    ("kind", "=", "refund"),
                    ("used", ">", 0),
                ]
            )
            for card in earned.card_id:
                if card.program_id.program_type != "loyalty":
                    continue
                card_earned = sum(
                    earned.filtered(lambda h, c=card: h.card_id == c).mapped("issued")
                )
                card_taken = sum(
                    taken.filtered(lambda h, c=card: h.card_id == c).mapped("used")
                )
                points = min(
                    float_round(card_earned * share, POINTS_DIGITS),
                    card_earned - card_taken,
                )
                if points > 0:
                    take_back.append(
                        self._multistore_history_vals(
                            self.env["loyalty.card"].browse(card.id),
                            used=points,
                            kind="refund",
                            description=self.env._(
                                "%(order)s returned: earned points taken back",
                                order=origin.display_name,
                            ),
                        )
                    )
        return give_back, take_back

    def _multistore_clamp_take_back(self, take_back):
        """Take back at most what is left on each card.

        Points already spent elsewhere cannot be taken back without driving
        the balance below zero: the line records what was really taken.
        """
        if not take_back:
            return []
        cards = self.env["loyalty.card"].browse([vals["card_id"] for vals in take_back])
        balances = cards._multistore_lock()
        for vals in take_back:
            available = max(balances.get(vals["card_id"], 0.0), 0.0)
            if vals["used"] > available:
                vals["description"] += self.env._(
                    " (%(missing)s points were already spent)",
                    missing=float_round(vals["used"] - available, POINTS_DIGITS),
                )
                vals["used"] = available
            balances[vals["card_id"]] = available - vals["used"]
        return take_back

    # Till confirmation (pos_loyalty) -------------------------------------------

    def confirm_coupon_programs(self, coupon_data):
        """Apply the till's points once, with the server's rules.

        The till sends the points it computed before any tier multiplier.
        Here the tier multiplier is applied, points the order redeemed on
        existing cards (already posted when the order was paid) are not
        counted twice, the store of every program is checked and the cards
        are locked so that no balance ends below zero. A second call for the
        same order (a till that syncs an order twice) changes nothing.
        """
        self.ensure_one()
        self._multistore_require_group(
            "point_of_sale.group_pos_user",
            action=self.env._("confirm the points of a till order"),
        )
        # The order must be one of the user's stores (store rules).
        self.check_access("write")
        coupon_data = self._multistore_clean_coupon_data(coupon_data)
        self._multistore_lock_order()
        if self.multistore_loyalty_confirmed:
            return self._multistore_confirmed_payload(coupon_data)
        if self.state not in REFUNDABLE_STATES:
            raise UserError(
                self.env._(
                    "Order %(order)s is not paid: its points are confirmed once "
                    "it is paid.",
                    order=self.display_name,
                )
            )
        self._check_existing_loyalty_cards(coupon_data)
        plan = self._multistore_plan_coupon_points(coupon_data)
        before = self.env["loyalty.card"].search(
            [("source_pos_order_id", "=", self.id)]
        )
        # pos_loyalty adds the points planned above (checked against the
        # order and the program's rules) as the user: the points flow lets it.
        with points_flow():
            result = super().confirm_coupon_programs(coupon_data)
        created = (
            self.env["loyalty.card"].search([("source_pos_order_id", "=", self.id)])
            - before
        ).sorted("id")
        cards = self._multistore_map_coupon_keys(coupon_data, created)
        self._multistore_write_confirmed_history(cards, plan)
        self._multistore_set_loyalty_flag("multistore_loyalty_confirmed")
        return result

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        """Write nothing: the server writes the history itself.

        pos_loyalty lets the till send the points won and spent to record;
        confirm_coupon_programs already wrote them, with the store, the
        tier multiplier and the points really applied, from the order.
        """
        self.ensure_one()
        self.check_access("read")

    def validate_coupon_programs(self, point_changes, new_codes):
        self._multistore_require_group(
            "point_of_sale.group_pos_user",
            action=self.env._("check the coupons of a till order"),
        )
        return super().validate_coupon_programs(point_changes, new_codes)

    @api.model
    def _multistore_clean_coupon_data(self, coupon_data):
        """``coupon_data`` of the till with int keys and finite points."""
        if not isinstance(coupon_data, dict):
            raise UserError(self.env._("The till sent no points to confirm."))
        cleaned = {}
        for key, vals in coupon_data.items():
            try:
                key = int(key)
                points = float(vals.get("points") or 0.0)
            except (AttributeError, TypeError, ValueError):
                points = math.nan
            if not math.isfinite(points) or abs(points) > 1e12:
                raise UserError(
                    self.env._(
                        "The till sent points that are not a number: reload the "
                        "till and validate the order again."
                    )
                )
            vals["points"] = points
            cleaned[key] = vals
        return cleaned

    def _multistore_lock_order(self):
        """Serialize the confirmations of one order (a till retrying)."""
        self.flush_recordset(["multistore_loyalty_confirmed"])
        self.env.execute_query(
            SQL("SELECT id FROM pos_order WHERE id = %s FOR NO KEY UPDATE", self.id)
        )
        self.invalidate_recordset(["multistore_loyalty_confirmed"])

    def _multistore_plan_coupon_points(self, coupon_data):
        """Check what the till sends and rewrite it into what the server applies.

        For every card (or new card) of ``coupon_data``:

        - its program runs in the order's store and at its till; an existing
          card stays in its program, a gift card sold at the till is one of
          the program's unsold cards;
        - the points it redeems are those of the order's reward lines (its
          own lines, and the lines of the till's reward codes not tied to a
          card yet), whatever the till says;
        - the points it earns (the till's figure plus what it redeemed) stay
          within what the program's rules give this order
          (_multistore_max_program_points), then get the member's tier
          multiplier (loyalty programs);
        - earning on a member's card needs the order to be that member's;
        - no balance ends below zero, no new card starts below zero.

        Returns ``{key: (earned, redeemed)}`` for the history lines.
        """
        self.ensure_one()
        Card = self.env["loyalty.card"]
        no_lines = self.env["pos.order.line"]
        reward_lines = self.lines.filtered(
            lambda line: line.is_reward_line and not line.refunded_orderline_id
        )
        by_code = defaultdict(lambda: no_lines)
        for line in reward_lines:
            if line.reward_identifier_code:
                by_code[line.reward_identifier_code] |= line
        posted = defaultdict(float)
        # sudo(): the lines this order posted when it was paid, read to not
        # count its redemption twice.
        for history in (
            self.env["loyalty.history"]
            .sudo()
            .search(
                [
                    ("order_model", "=", self._name),
                    ("order_id", "=", self.id),
                    ("kind", "=", "order"),
                ]
            )
        ):
            posted[history.card_id.id] += history.used
        is_refund = bool(self.lines.filtered("refunded_orderline_id"))
        counted = no_lines
        claimed = defaultdict(float)
        deltas = {}
        plan = {}
        for key, vals in coupon_data.items():
            card = Card.browse(key).exists() if key > 0 else None
            if key > 0 and not card:
                raise UserError(
                    self.env._(
                        "A card of this order does not exist anymore: reload the "
                        "till and validate the order again."
                    )
                )
            # Trust the card's own program over the till's word.
            program = card.program_id if card else self._multistore_coupon_program(vals)
            self._multistore_check_till_program(program, card)
            gift_card = self._multistore_sold_gift_card(vals, program)
            lines = self._multistore_coupon_reward_lines(
                program, card, vals, by_code, counted
            )
            counted |= lines
            redeemed = sum(lines.mapped("points_cost"))
            earned = vals["points"] + redeemed
            if program.program_type == "loyalty" and earned < 0 and is_refund:
                # Refunds are reversed from the refunded order's history.
                earned = 0.0
            if earned > 0:
                claimed[program] += earned
                self._multistore_check_member(program, card, vals)
            if program.program_type == "loyalty" and earned > 0:
                partner = (card and card.partner_id) or self.partner_id
                earned = float_round(
                    earned * partner._multistore_earn_multiplier(), POINTS_DIGITS
                )
            net = earned - (redeemed - (posted.get(key, 0.0) if card else 0.0))
            if not card and float_compare(net, 0.0, POINTS_DIGITS) < 0:
                raise UserError(
                    self.env._(
                        "A new card of program %(program)s would start with "
                        "%(points)s points: a card cannot go below zero. Remove "
                        "the reward.",
                        program=program.name,
                        points=float_round(net, POINTS_DIGITS),
                    )
                )
            vals["points"] = net
            if gift_card:
                vals["giftCardId"] = gift_card.id
            plan[key] = (earned, redeemed)
            if card:
                deltas[card] = deltas.get(card, 0.0) + net
        self._multistore_check_claimed_points(claimed)
        Card._multistore_check_balances(deltas)
        return plan

    def _multistore_coupon_reward_lines(self, program, card, vals, by_code, counted):
        """Reward lines whose points the till's ``vals`` redeem on ``card``.

        The lines of an existing card are the order's reward lines tied to
        it; the till's reward codes add the lines not tied to a card yet
        (new cards). A line counts once (``counted``) and for its own
        program only.
        """
        lines = self.env["pos.order.line"]
        if card:
            lines = self.lines.filtered(
                lambda line: (
                    line.is_reward_line
                    and not line.refunded_orderline_id
                    and line.coupon_id == card
                )
            )
        for code in vals.get("line_codes") or []:
            lines |= by_code[code].filtered(lambda line: not line.coupon_id)
        lines -= counted
        others = lines.reward_id.program_id - program
        if others:
            raise UserError(
                self.env._(
                    "The till ties a reward of program %(other)s to a card of "
                    "program %(program)s: reload the till and apply the reward "
                    "again.",
                    other=others[0].name,
                    program=program.name,
                )
            )
        return lines

    def _multistore_check_claimed_points(self, claimed):
        """Points earned per program stay within what its rules give."""
        for program, points in claimed.items():
            most, tolerance = self._multistore_max_program_points(program)
            if float_compare(points, most + tolerance, POINTS_DIGITS) > 0:
                raise UserError(
                    self.env._(
                        "The till gives %(points)s points of program %(program)s "
                        "for order %(order)s, but the program's rules give this "
                        "order at most %(most)s. Reload the till and validate "
                        "the order again.",
                        points=float_round(points, POINTS_DIGITS),
                        program=program.name,
                        order=self.display_name,
                        most=float_round(most, POINTS_DIGITS),
                    )
                )

    def _multistore_coupon_program(self, vals):
        """The program a new card of the till's ``vals`` belongs to."""
        try:
            program_id = int(vals.get("program_id") or 0)
        except (TypeError, ValueError):
            program_id = 0
        program = self.env["loyalty.program"].browse(program_id).exists()
        if not program:
            raise UserError(
                self.env._(
                    "A program of this order does not exist anymore: reload the "
                    "till and validate the order again."
                )
            )
        return program

    def _multistore_sold_gift_card(self, vals, program):
        """The pre-printed gift card the till sells, checked, or None.

        pos_loyalty sets the balance of that card to the points of ``vals``:
        it must be an unused card of the gift card program being sold.
        """
        if not vals.get("giftCardId"):
            return None
        try:
            card_id = int(vals["giftCardId"])
        except (TypeError, ValueError):
            card_id = 0
        card = self.env["loyalty.card"].browse(card_id).exists()
        if (
            not card
            or card.program_id != program
            or program.program_type != "gift_card"
            or not float_is_zero(card.points, precision_digits=POINTS_DIGITS)
        ):
            raise UserError(
                self.env._(
                    "The gift card sold by this order is not an unused card of "
                    "program %(program)s: scan another gift card.",
                    program=program.name,
                )
            )
        return card

    def _multistore_check_member(self, program, card, vals):
        """Points of a member's card are earned on that member's orders."""
        if not program.is_nominative:
            return
        member = self.partner_id.commercial_partner_id
        owner = card.partner_id if card else None
        if owner is None:
            try:
                owner = self.env["res.partner"].browse(int(vals.get("partner_id") or 0))
            except (TypeError, ValueError):
                owner = self.env["res.partner"]
        if not member or owner.commercial_partner_id != member:
            raise UserError(
                self.env._(
                    "Order %(order)s earns points for %(owner)s, but its customer "
                    "is %(customer)s: set the member as the order's customer.",
                    order=self.display_name,
                    owner=owner.display_name or "-",
                    customer=self.partner_id.display_name or "-",
                )
            )
        if not card:
            vals["partner_id"] = self.partner_id.id

    @api.model
    def _multistore_map_coupon_keys(self, coupon_data, created):
        """``{key of coupon_data: loyalty.card}`` after pos_loyalty created the
        new cards (in the order of their negative keys)."""
        cards = {}
        new_keys = [
            key
            for key, vals in coupon_data.items()
            if key < 0 and not vals.get("giftCardId")
        ]
        for key, card in zip(new_keys, created, strict=False):
            cards[key] = card
        for key, vals in coupon_data.items():
            if vals.get("giftCardId"):
                cards[key] = self.env["loyalty.card"].browse(vals["giftCardId"])
            elif key > 0:
                cards[key] = self.env["loyalty.card"].browse(key)
        return cards

    def _multistore_write_confirmed_history(self, cards, plan):
        """One history line per card and order, with the store of the till."""
        self.ensure_one()
        # sudo(): history lines are closed to users; these are the lines of
        # this order, with the points planned from it.
        History = self.env["loyalty.history"].sudo()
        existing = {
            line.card_id.id: line
            for line in History.search(
                [
                    ("order_model", "=", self._name),
                    ("order_id", "=", self.id),
                    ("kind", "=", "order"),
                ]
            )
        }
        to_create = []
        for key, (earned, redeemed) in plan.items():
            card = cards.get(key)
            if not card or not card.exists():
                continue
            line = existing.get(card.id)
            if line:
                line.write({"issued": line.issued + earned, "used": redeemed})
            elif not (
                float_is_zero(earned, precision_digits=POINTS_DIGITS)
                and float_is_zero(redeemed, precision_digits=POINTS_DIGITS)
            ):
                to_create.append(
                    self._multistore_history_vals(card, issued=earned, used=redeemed)
                )
        History.create(to_create)

    def _multistore_confirmed_payload(self, coupon_data):
        """What the till expects back, for an order confirmed before."""
        self.ensure_one()
        self._check_existing_loyalty_cards(coupon_data)
        created = self.env["loyalty.card"].search(
            [("source_pos_order_id", "=", self.id)], order="id"
        )
        cards = self._multistore_map_coupon_keys(coupon_data, created)
        cards = {key: card for key, card in cards.items() if card.exists()}
        return {
            "coupon_updates": [
                {
                    "old_id": key,
                    "id": card.id,
                    "points": card.points,
                    "code": card.code,
                    "program_id": card.program_id.id,
                    "partner_id": card.partner_id.id,
                }
                for key, card in cards.items()
                if card.program_id.is_nominative
            ],
            "program_updates": [
                {"program_id": program.id, "usages": program.sudo().total_order_count}
                for program in self.env["loyalty.card"]
                .union(*cards.values())
                .program_id
            ],
            "new_coupon_info": [],
            "coupon_report": {},
        }

    # Returns anywhere ----------------------------------------------------------

    @api.model
    def multistore_find_order_for_refund(
        self,
        config_id,
        reference=None,
        partner_id=None,
        order_date=None,
        amount_total=None,
    ):
        """Find an order to refund at a till, for a customer bringing goods back.

        Store rules hide the orders of other stores from a cashier, yet a
        member may bring goods back to any store. This is the one narrow
        door, for a till the user may use:

        - an order of the user's own stores is found by its receipt number
          (or name), as the till's own search would;
        - an order of another store is found only with what its customer
          holds: the receipt's full reference (as printed, or the order's
          uuid) together with the order's date as printed and its total
          (within rounding). Order names run in sequence per till: without
          the date and the total a cashier could walk through other stores'
          orders. A reference alone answers ``needs_proof`` whether or not
          such an order exists, and failed look-ups are limited per hour;
        - ``partner_id`` lists a member's orders of the user's own stores.

        What comes back is what the refund screen needs: the order, its
        lines and lots; of another store's customer only the partner id
        (customers are chain-wide, and the refund takes the member's points
        back). Every look-up is logged (multistore.refund.lookup.log).
        """
        self._multistore_require_group(
            "point_of_sale.group_pos_user",
            action=self.env._("look up an order to refund"),
        )
        config = self._multistore_lookup_config(config_id)
        reference = str(reference or "").strip()[:REFUND_REFERENCE_MAX]
        Log = self.env["multistore.refund.lookup.log"]
        if not reference:
            if not partner_id:
                raise UserError(
                    self.env._("Give a receipt number or a customer to find an order.")
                )
            partner = self._multistore_lookup_partner(partner_id)
            orders = self.search(
                [
                    ("state", "in", REFUNDABLE_STATES),
                    ("company_id", "=", config.company_id.id),
                    ("partner_id", "=", partner.id),
                ],
                limit=REFUND_SEARCH_LIMIT,
                order="date_order desc, id desc",
            )
            Log._multistore_log(config, "member", partner=partner, success=bool(orders))
            return {
                "orders": [
                    {
                        "id": order.id,
                        "pos_reference": order.pos_reference,
                        "date_order": fields.Datetime.to_string(order.date_order),
                        "store": order.store_id.display_name,
                        "amount_total": order.amount_total,
                        "partner": order.partner_id.display_name,
                    }
                    for order in orders
                ]
            }
        order = self.search(
            [
                ("state", "in", REFUNDABLE_STATES),
                ("company_id", "=", config.company_id.id),
                "|",
                "|",
                ("pos_reference", "in", self._multistore_reference_forms(reference)),
                ("uuid", "=", reference),
                ("name", "=", reference),
            ],
            limit=1,
            order="date_order desc, id desc",
        )
        if order:
            Log._multistore_log(config, "own_store", reference=reference, order=order)
            return self._multistore_refund_data(order.sudo(), config)
        if order_date in (None, False, "") or amount_total in (None, False, ""):
            Log._multistore_log(config, "proof_needed", reference=reference)
            return {"pos.order": [], "pos.order.line": [], "needs_proof": True}
        day, amount = self._multistore_lookup_proof(order_date, amount_total)
        Log._multistore_check_failures()
        order = self._multistore_other_store_order(config, reference, day, amount)
        Log._multistore_log(
            config,
            "other_store" if order else "not_found",
            reference=reference,
            order_date=day,
            amount_total=amount,
            order=order,
        )
        if not order:
            return {"pos.order": [], "pos.order.line": [], "not_found": True}
        return self._multistore_refund_data(order, config)

    @api.model
    def _multistore_lookup_config(self, config_id):
        try:
            config = self.env["pos.config"].browse(int(config_id)).exists()
        except (TypeError, ValueError):
            config = None
        if not config:
            raise UserError(self.env._("This till does not exist anymore."))
        # A till of the user's stores only (store rules).
        config.check_access("read")
        return config

    @api.model
    def _multistore_lookup_partner(self, partner_id):
        try:
            partner = self.env["res.partner"].browse(int(partner_id)).exists()
        except (TypeError, ValueError):
            partner = None
        if not partner:
            raise UserError(self.env._("This customer does not exist anymore."))
        return partner

    @api.model
    def _multistore_reference_forms(self, reference):
        """How a receipt reference may be stored: as printed or without the
        "Order " prefix of the till."""
        bare = reference.removeprefix("Order ").strip()
        return list({reference, bare, f"Order {bare}"})

    @api.model
    def _multistore_lookup_proof(self, order_date, amount_total):
        """The receipt's date and total given by the cashier, checked."""
        try:
            day = fields.Date.to_date(str(order_date)[:10])
        except ValueError:
            day = None
        if not day:
            raise UserError(
                self.env._(
                    "%(value)s is not a date: enter the date printed on the receipt.",
                    value=str(order_date)[:20],
                )
            )
        try:
            amount = float(str(amount_total).replace(",", "."))
        except ValueError:
            amount = math.nan
        if not math.isfinite(amount) or abs(amount) > 1e12:
            raise UserError(
                self.env._(
                    "%(value)s is not an amount: enter the total printed on the "
                    "receipt.",
                    value=str(amount_total)[:20],
                )
            )
        return day, amount

    @api.model
    def _multistore_other_store_order(self, config, reference, day, amount):
        """The order of another store matching a receipt exactly, or nothing.

        sudo(): the order may belong to any store of the till's company (see
        multistore_find_order_for_refund); the search is exact on the
        receipt's full reference, then the date and the total printed on it
        must match too.
        """
        candidates = self.sudo().search(
            [
                ("state", "in", REFUNDABLE_STATES),
                ("company_id", "=", config.company_id.id),
                "|",
                ("pos_reference", "in", self._multistore_reference_forms(reference)),
                ("uuid", "=", reference),
            ],
            limit=5,
            order="date_order desc, id desc",
        )
        for order in candidates:
            currency = order.currency_id
            tolerance = currency.rounding
            if order.config_id.cash_rounding and order.config_id.rounding_method:
                tolerance = max(tolerance, order.config_id.rounding_method.rounding)
            if (
                float_compare(
                    abs(order.amount_total - amount),
                    tolerance,
                    precision_rounding=currency.rounding,
                )
                > 0
            ):
                continue
            if day in order._multistore_receipt_days():
                return order
        return self.sudo().browse()

    def _multistore_receipt_days(self):
        """Days the receipt of this order may show as its date.

        The till prints the date in its own time zone: the order's cashier's,
        the looking-up user's, or UTC.
        """
        self.ensure_one()
        zones = {"UTC", self.user_id.tz or "UTC", self.env.user.tz or "UTC"}
        days = set()
        moment = pytz.utc.localize(self.date_order)
        for zone in zones:
            try:
                days.add(moment.astimezone(pytz.timezone(zone)).date())
            except pytz.UnknownTimeZoneError:
                continue
        return days

    @api.model
    def _multistore_refund_data(self, order, config):
        """The records the till loads to refund ``order`` (already sudo).

        The order's customer is given by id only (no name, phone or address
        of another store's customer): the till needs it to take the points
        back from the member's card.
        """
        if not order:
            return {"pos.order": [], "pos.order.line": []}
        line_fields = self.env["pos.order.line"]._load_pos_data_fields(config.id)
        order_data = order.read(REFUND_ORDER_FIELDS, load=False)
        for values in order_data:
            values["multistore_store_name"] = order.store_id.display_name
        return {
            "pos.order": order_data,
            "pos.order.line": order.lines.read(line_fields, load=False),
            "pos.pack.operation.lot": order.lines.pack_lot_ids.read(
                self.env["pos.pack.operation.lot"]._load_pos_data_fields(config.id),
                load=False,
            ),
        }
