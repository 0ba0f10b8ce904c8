"""Points an online order earned, taken back when its goods come back at a till."""

from collections import defaultdict

from odoo import models
from odoo.tools import float_round

from odoo.addons.multistore_loyalty.models.loyalty_card import POINTS_DIGITS


class PosOrder(models.Model):
    # One concern of pos.order per file, on purpose (see pos_order.py).
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _multistore_refund_reversal_vals(self):
        """Add to the till refund's reversal the points of online orders
        whose goods this order returns.

        An online order earns points when it is confirmed (sale_loyalty,
        with the programs that run in the online store: multistore_loyalty).
        A return at a till takes back the share of those points that the
        returned goods are worth, as a till refund does for a till order
        (``_multistore_earned_points_taken_back``); multistore_loyalty then
        takes them off the cards (never below zero) in the same transaction,
        with a history line of this till's store.
        """
        give_back, take_back = super()._multistore_refund_reversal_vals()
        returns = self._multistore_online_return_lines().sudo()
        for sale_order in returns.sale_order_line_id.order_id:
            lines = returns.filtered(
                lambda line, so=sale_order: line.sale_order_line_id.order_id == so
            )
            share = self._multistore_online_returned_share(sale_order, lines)
            if share:
                take_back += self._multistore_online_points_taken_back(
                    sale_order, share
                )
        return give_back, take_back

    def _multistore_online_returned_share(self, sale_order, lines):
        """Share (0 to 1) of the value of the goods of ``sale_order`` that
        ``lines`` return."""
        goods_value = sum(
            sale_order.order_line.filtered(
                lambda line: not line.is_reward_line and not line.display_type
            ).mapped("price_total")
        )
        if not goods_value:
            return 0.0
        returned_value = -sum(lines.mapped("price_subtotal_incl"))
        return min(max(returned_value / goods_value, 0.0), 1.0)

    def _multistore_online_points_taken_back(self, sale_order, share):
        """History values taking back ``share`` of the points ``sale_order``
        earned on each loyalty card, less what its other returns took.

        sudo(): the online order's history and its other returns' history,
        which belong to the online store and other stores.
        """
        History = self.env["loyalty.history"].sudo()
        earned = defaultdict(float)
        for line in History.search(
            [
                ("order_model", "=", "sale.order"),
                ("order_id", "=", sale_order.id),
                ("issued", ">", 0),
            ]
        ):
            if line.card_id.program_id.program_type == "loyalty":
                earned[line.card_id] += line.issued
        if not earned:
            return []
        other_returns = (
            sale_order.sudo()
            .order_line.pos_order_line_ids.filtered(
                lambda line: (
                    line.qty < 0 and line.order_id.state not in ("draft", "cancel")
                )
            )
            .order_id
            - self
        )
        taken = defaultdict(float)
        for line in History.search(
            [
                ("order_model", "=", "pos.order"),
                ("order_id", "in", other_returns.ids),
                ("kind", "=", "refund"),
                ("used", ">", 0),
            ]
        ):
            taken[line.card_id] += line.used
        vals_list = []
        for card, card_earned in earned.items():
            points = min(
                float_round(card_earned * share, POINTS_DIGITS),
                card_earned - taken[card],
            )
            if points > 0:
                vals_list.append(
                    self._multistore_history_vals(
                        card,
                        used=points,
                        kind="refund",
                        description=self.env._(
                            "%(order)s returned: earned points taken back",
                            order=sale_order.name,
                        ),
                    )
                )
        return vals_list
