"""Loyalty on till orders: the server posts the points of an order.

The loyalty flows of ``pos.order`` are split by concern, one file each:

- ``pos_order.py`` (this file): the flags of an order's points and their
  posting when the order is paid;
- ``pos_order_points.py``: the most points an order's goods earn by the rules
  of a program;
- ``pos_order_reward.py``: reward lines checked against their program, and
  the points they redeem posted with the order;
- ``pos_order_refund.py``: refunds of an order of any store, and the
  reversal of the points of the refunded goods;
- ``pos_order_confirm.py`` and ``pos_order_confirm_plan.py``: the till's
  confirmation of the points (pos_loyalty), checked and rewritten into what
  the server applies;
- ``pos_order_refund_lookup.py``: the look-up of an order to refund at any
  store (returns anywhere).
"""

from odoo import fields, models
from odoo.exceptions import UserError

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
        # A till sends back every field of an order it loaded (reprint,
        # refund, an order synced again): the flags as they are pass, a
        # change is refused.
        flags = [
            name
            for name in LOYALTY_FLAGS
            if name in vals
            and (
                bool(vals[name])
                if creating
                else any(order[name] != bool(vals[name]) for order in self)
            )
        ]
        if flags:
            raise UserError(
                self.env._(
                    "The points of an order are posted by the server when it is "
                    "paid and confirmed: a till or a user cannot mark them."
                )
            )
        return super()._multistore_check_workflow_vals(vals, creating=creating)

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
