"""Reward lines of a till order: checked when it is paid, their points
redeemed from the cards with the order (under lock)."""

import math
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

from .loyalty_card import POINTS_DIGITS


class PosOrder(models.Model):
    # One concern of pos.order per file, on purpose (see pos_order.py).
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

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
            max(amounts["price_subtotal_incl"], 0.0)
            for amounts in self._multistore_goods_lines()._multistore_amounts().values()
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
            amounts = lines._multistore_amounts().values()
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
