"""What a till confirms for an order, checked and rewritten into the points
the server applies (see ``_multistore_plan_coupon_points``)."""

from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_round

from .loyalty_card import POINTS_DIGITS


class PosOrder(models.Model):
    # One concern of pos.order per file, on purpose (see pos_order.py).
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _multistore_plan_coupon_points(self, coupon_data, history=None):
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

        ``history``: the order's history lines (``_multistore_order_history``),
        read here when not given.

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
        # The lines this order posted when it was paid, read to not count
        # its redemption twice.
        if history is None:
            history = self._multistore_order_history()
        for line in history:
            posted[line.card_id.id] += line.used
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
        # The member's commercial entity and tier (the earn multiplier), not
        # every field of a partner: the confirmation reads nothing else of it.
        partners = self.partner_id | (card.partner_id if card else self.partner_id)
        partners.fetch(["commercial_partner_id", "multistore_tier_id"])
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
