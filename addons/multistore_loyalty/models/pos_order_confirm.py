"""The till's confirmation of an order's points (pos_loyalty), applied once.

What the till sends is checked and rewritten by
``pos_order_confirm_plan.py``; this file locks the order, lets pos_loyalty
apply the plan, writes the history lines and answers a till that confirms
the same order again.
"""

import contextvars
import math

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero

from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES

from .loyalty_card import POINTS_DIGITS, points_flow

# Set while pos_loyalty's confirm_coupon_programs runs under ours: the
# members of the cards whose keys our own _check_existing_loyalty_cards
# resolved ({key: partner id}). A variable of the call stack, as points_flow.
_CHECKED_CARDS = contextvars.ContextVar(
    "multistore_loyalty_checked_cards", default=None
)


def _card_partners(coupon_data):
    """``{key: partner id}`` of the till's ``coupon_data``: what pos_loyalty's
    _check_existing_loyalty_cards looks cards up by."""
    return {int(key): vals.get("partner_id") for key, vals in coupon_data.items()}


class PosOrder(models.Model):
    # One concern of pos.order per file, on purpose (see pos_order.py).
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

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
        if self.state not in POS_SOLD_STATES:
            raise UserError(
                self.env._(
                    "Order %(order)s is not paid: its points are confirmed once "
                    "it is paid.",
                    order=self.display_name,
                )
            )
        self._check_existing_loyalty_cards(coupon_data)
        checked = _card_partners(coupon_data)
        history = self._multistore_order_history()
        plan = self._multistore_plan_coupon_points(coupon_data, history=history)
        # pos_loyalty creates a card for each negative key (but gift cards
        # sold, which exist): only then are the cards of the order searched.
        creates = any(
            key < 0 and not vals.get("giftCardId") for key, vals in coupon_data.items()
        )
        Card = self.env["loyalty.card"]
        before = (
            Card.search([("source_pos_order_id", "=", self.id)]) if creates else Card
        )
        # pos_loyalty adds the points planned above (checked against the
        # order and the program's rules) as the user: the points flow lets it.
        # It looks the members' cards up again (_check_existing_loyalty_cards):
        # unless the plan gave a new card its member, that finds what the
        # look-up above found, and is skipped.
        token = _CHECKED_CARDS.set(checked)
        try:
            with points_flow():
                result = super().confirm_coupon_programs(coupon_data)
        finally:
            _CHECKED_CARDS.reset(token)
        created = Card
        if creates:
            created = (
                Card.search([("source_pos_order_id", "=", self.id)]) - before
            ).sorted("id")
        cards = self._multistore_map_coupon_keys(coupon_data, created)
        self._multistore_write_confirmed_history(cards, plan, history=history)
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

    def _check_existing_loyalty_cards(self, coupon_data):
        # Skipped inside confirm_coupon_programs when that method already
        # looked up the same members' cards for the same keys (see there).
        checked = _CHECKED_CARDS.get()
        if checked is not None and checked == _card_partners(coupon_data):
            return None
        return super()._check_existing_loyalty_cards(coupon_data)

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
        """Serialize the confirmations of one order (a till retrying).

        The flag ``multistore_loyalty_confirmed`` is read with the lock, as
        the first confirmation left it, and put in cache."""
        self.flush_recordset(["multistore_loyalty_confirmed"])
        rows = self.env.execute_query(
            SQL(
                "SELECT multistore_loyalty_confirmed FROM pos_order "
                "WHERE id = %s FOR NO KEY UPDATE",
                self.id,
            )
        )
        self.invalidate_recordset(["multistore_loyalty_confirmed"])
        if rows:
            field = self._fields["multistore_loyalty_confirmed"]
            self.env.cache.update(self, field, [bool(rows[0][0])])

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

    def _multistore_order_history(self):
        """The history lines of this order (``kind`` order).

        sudo(): history lines are closed to users; these are the lines of
        this order only.
        """
        self.ensure_one()
        return (
            self.env["loyalty.history"]
            .sudo()
            .search(
                [
                    ("order_model", "=", self._name),
                    ("order_id", "=", self.id),
                    ("kind", "=", "order"),
                ]
            )
        )

    def _multistore_write_confirmed_history(self, cards, plan, history=None):
        """One history line per card and order, with the store of the till.

        ``history``: the order's history lines, read before pos_loyalty
        applied the points (it writes no history line itself).
        """
        self.ensure_one()
        if history is None:
            history = self._multistore_order_history()
        # sudo(): history lines are closed to users; these are the lines of
        # this order, with the points planned from it.
        History = self.env["loyalty.history"].sudo()
        existing = {line.card_id.id: line for line in history.sudo()}
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
