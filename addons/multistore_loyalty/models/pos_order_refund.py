"""Refunds at a till, of an order of any store, and the points they reverse."""

from collections import defaultdict

from odoo import api, models
from odoo.tools import float_round

from .loyalty_card import POINTS_DIGITS


class PosOrder(models.Model):
    # One concern of pos.order per file, on purpose (see pos_order.py).
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

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
        refund_lines = self.lines.filtered("refunded_orderline_id").sudo()
        give_back, take_back = [], []
        for origin in refund_lines.refunded_orderline_id.order_id:
            lines = refund_lines.filtered(
                lambda line, origin=origin: (
                    line.refunded_orderline_id.order_id == origin
                )
            )
            give_back += self._multistore_redeemed_points_given_back(origin, lines)
            share = self._multistore_refunded_share(origin, lines)
            if share:
                take_back += self._multistore_earned_points_taken_back(origin, share)
        return give_back, take_back

    @api.model
    def _multistore_refunded_ratio(self, line):
        """Part of its refunded line that refund ``line`` returns (0 to 1)."""
        source = line.refunded_orderline_id
        return -line.qty / source.qty if source.qty else 0.0

    def _multistore_redeemed_points_given_back(self, origin, lines):
        """History values giving back the points of the reward lines of
        ``origin`` that refund ``lines`` return, in proportion to the
        quantity returned (loyalty cards only)."""
        vals_list = []
        for line in lines:
            source = line.refunded_orderline_id
            card = source.coupon_id
            if not (
                source.is_reward_line
                and card.program_id.program_type == "loyalty"
                and source.points_cost
            ):
                continue
            vals_list.append(
                self._multistore_history_vals(
                    card,
                    issued=float_round(
                        source.points_cost * self._multistore_refunded_ratio(line),
                        POINTS_DIGITS,
                    ),
                    kind="refund",
                    description=self.env._(
                        "%(order)s returned: redeemed points given back",
                        order=origin.display_name,
                    ),
                )
            )
        return vals_list

    @api.model
    def _multistore_refunded_share(self, origin, lines):
        """Share (0 to 1) of the value of the goods of ``origin`` that refund
        ``lines`` return."""
        goods_value = sum(
            origin.lines.filtered(lambda line: not line.is_reward_line).mapped(
                "price_subtotal_incl"
            )
        )
        if not goods_value:
            return 0.0
        refunded_value = sum(
            self._multistore_refunded_ratio(line)
            * line.refunded_orderline_id.price_subtotal_incl
            for line in lines
            if not line.refunded_orderline_id.is_reward_line
        )
        return min(max(refunded_value / goods_value, 0.0), 1.0)

    def _multistore_earned_points_taken_back(self, origin, share):
        """History values taking back ``share`` of the points ``origin``
        earned on each loyalty card, less what its other refunds took."""
        earned, taken = self._multistore_origin_points(origin)
        vals_list = []
        for card_id, card_earned in earned.items():
            points = min(
                float_round(card_earned * share, POINTS_DIGITS),
                card_earned - taken[card_id],
            )
            if points > 0:
                vals_list.append(
                    self._multistore_history_vals(
                        self.env["loyalty.card"].browse(card_id),
                        used=points,
                        kind="refund",
                        description=self.env._(
                            "%(order)s returned: earned points taken back",
                            order=origin.display_name,
                        ),
                    )
                )
        return vals_list

    def _multistore_origin_points(self, origin):
        """``({card id: points earned}, {card id: points taken back})`` of
        the loyalty cards of order ``origin``: what it earned, and what its
        refunds other than this order took back already.

        sudo(): the history of the refunded order and of its refunds, which
        may belong to another store.
        """
        History = self.env["loyalty.history"].sudo()
        earned_lines = History.search(
            [
                ("order_model", "=", "pos.order"),
                ("order_id", "=", origin.id),
                ("kind", "=", "order"),
                ("issued", ">", 0),
            ]
        )
        other_refunds = origin.lines.refund_orderline_ids.order_id - self
        taken_lines = History.search(
            [
                ("order_model", "=", "pos.order"),
                ("order_id", "in", other_refunds.ids),
                ("kind", "=", "refund"),
                ("used", ">", 0),
            ]
        )
        earned = {}
        taken = defaultdict(float)
        for line in earned_lines:
            if line.card_id.program_id.program_type == "loyalty":
                earned[line.card_id.id] = earned.get(line.card_id.id, 0.0) + line.issued
        for line in taken_lines:
            taken[line.card_id.id] += line.used
        return earned, taken

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
