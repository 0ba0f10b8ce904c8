from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from .loyalty_card import POINTS_DIGITS

# Order states of a sale that can be refunded at a till.
REFUNDABLE_STATES = ("paid", "done", "invoiced")
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
            give_back, take_back = order._multistore_refund_reversal_vals()
            cards._multistore_post_points(
                order._multistore_redemption_vals() + give_back
            )
            cards._multistore_post_points(order._multistore_clamp_take_back(take_back))
            order.multistore_loyalty_posted = True
            order.partner_id._multistore_update_tier()

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

        An upper bound from the program's rules (every rule counted on every
        sold line, tier multiplier included); the till computes the exact
        figure and confirms it later.
        """
        self.ensure_one()
        program = card.program_id
        if program.applies_on == "future" or program.program_type != "loyalty":
            return 0.0
        goods = self.lines.filtered(
            lambda line: (
                not line.is_reward_line
                and not line.refunded_orderline_id
                and line.qty > 0
            )
        )
        amount = sum(goods.mapped("price_subtotal_incl"))
        quantity = sum(goods.mapped("qty"))
        points = 0.0
        for rule in program.rule_ids:
            if rule.reward_point_mode == "order":
                points += rule.reward_point_amount
            elif rule.reward_point_mode == "money":
                points += rule.reward_point_amount * amount
            elif rule.reward_point_mode == "unit":
                points += rule.reward_point_amount * quantity
        partner = card.partner_id or self.partner_id
        return points * partner._multistore_earn_multiplier()

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
        coupon_data = {int(key): vals for key, vals in coupon_data.items()}
        self._multistore_lock_order()
        if self.multistore_loyalty_confirmed:
            return self._multistore_confirmed_payload(coupon_data)
        self._check_existing_loyalty_cards(coupon_data)
        plan = self._multistore_plan_coupon_points(coupon_data)
        before = self.env["loyalty.card"].search(
            [("source_pos_order_id", "=", self.id)]
        )
        result = super().confirm_coupon_programs(coupon_data)
        created = (
            self.env["loyalty.card"].search([("source_pos_order_id", "=", self.id)])
            - before
        ).sorted("id")
        cards = self._multistore_map_coupon_keys(coupon_data, created)
        self._multistore_write_confirmed_history(cards, plan)
        self.multistore_loyalty_confirmed = True
        return result

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        # confirm_coupon_programs already wrote the history with the store,
        # the tier multiplier and the points really applied.
        if self.multistore_loyalty_confirmed:
            return
        return super().add_loyalty_history_lines(coupon_data, coupon_updates)

    def _multistore_lock_order(self):
        """Serialize the confirmations of one order (a till retrying)."""
        self.flush_recordset(["multistore_loyalty_confirmed"])
        self.env.execute_query(
            SQL("SELECT id FROM pos_order WHERE id = %s FOR NO KEY UPDATE", self.id)
        )
        self.invalidate_recordset(["multistore_loyalty_confirmed"])

    def _multistore_plan_coupon_points(self, coupon_data):
        """Rewrite the points of ``coupon_data`` into what the server applies.

        Returns ``{key: (earned, redeemed)}`` for the history lines.
        """
        self.ensure_one()
        reward_lines = defaultdict(lambda: self.env["pos.order.line"])
        for line in self.lines:
            if line.reward_identifier_code and not line.refunded_orderline_id:
                reward_lines[line.reward_identifier_code] |= line
        posted = defaultdict(float)
        for history in self.env["loyalty.history"].search(
            [
                ("order_model", "=", self._name),
                ("order_id", "=", self.id),
                ("kind", "=", "order"),
            ]
        ):
            posted[history.card_id.id] += history.used
        is_refund = bool(self.lines.filtered("refunded_orderline_id"))
        deltas = {}
        plan = {}
        for key, vals in coupon_data.items():
            card = self.env["loyalty.card"].browse(key) if key > 0 else None
            # Trust the card's own program over the till's word.
            program = (card and card.program_id) or self.env["loyalty.program"].browse(
                vals.get("program_id")
            )
            program._multistore_check_store(self.store_id, card)
            redeemed = sum(
                line.points_cost
                for code in vals.get("line_codes", [])
                for line in reward_lines[code]
            )
            earned = vals.get("points", 0.0) + redeemed
            if program.program_type == "loyalty":
                if earned < 0 and is_refund:
                    # Refunds are reversed from the refunded order's history.
                    earned = 0.0
                elif earned > 0:
                    partner = (card and card.partner_id) or self.env[
                        "res.partner"
                    ].browse(vals.get("partner_id") or self.partner_id.id)
                    earned = float_round(
                        earned * partner._multistore_earn_multiplier(), POINTS_DIGITS
                    )
            net = earned - (redeemed - (posted.get(key, 0.0) if card else 0.0))
            vals["points"] = net
            plan[key] = (earned, redeemed)
            if card and not vals.get("giftCardId"):
                deltas[card] = deltas.get(card, 0.0) + net
        self.env["loyalty.card"]._multistore_check_balances(deltas)
        return plan

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
        History = self.env["loyalty.history"]
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
        self, config_id, reference=None, partner_id=None
    ):
        """Find an order sold in any store of the chain, for a till to refund.

        Store rules hide the orders of other stores from a cashier, yet a
        member may bring goods back to any store. This is the one narrow door:
        for a till the user may open, either the single order with that
        receipt number (its lines, what the refund screen needs) or a short
        list of a member's orders (reference, date, store, amount) to pick
        from. Nothing else of the other store is returned.
        """
        config = self.env["pos.config"].browse(config_id).exists()
        config.check_access("read")
        if not config:
            raise UserError(self.env._("This till does not exist anymore."))
        reference = (reference or "").strip()
        if not reference and not partner_id:
            raise UserError(
                self.env._("Give a receipt number or a customer to find an order.")
            )
        orders = self._multistore_refundable_orders(config, reference, partner_id)
        if reference:
            return self._multistore_refund_data(orders[:1], config)
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

    @api.model
    def _multistore_refundable_orders(self, config, reference, partner_id):
        """Refundable orders of the till's company matching exactly.

        sudo(): the orders may belong to another store (see
        multistore_find_order_for_refund); the search is exact (receipt
        number, order uuid or name) or limited to one member's orders.
        """
        domain = [
            ("state", "in", REFUNDABLE_STATES),
            ("company_id", "=", config.company_id.id),
        ]
        if reference:
            references = [reference, f"Order {reference}"]
            domain += [
                "|",
                "|",
                ("pos_reference", "in", references),
                ("uuid", "=", reference),
                ("name", "=", reference),
            ]
            limit = 1
        else:
            domain.append(("partner_id", "=", int(partner_id)))
            limit = REFUND_SEARCH_LIMIT
        return self.sudo().search(domain, limit=limit, order="date_order desc, id desc")

    @api.model
    def _multistore_refund_data(self, order, config):
        """The records the till loads to refund ``order`` (already sudo)."""
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
