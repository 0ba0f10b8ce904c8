from odoo import models
from odoo.exceptions import UserError

from ..models.loyalty_card import chain_rules_apply, points_flow


class LoyaltyCardUpdateBalance(models.TransientModel):
    _inherit = "loyalty.card.update.balance"

    def action_update_card_point(self):
        """Set a new balance at once: gift cards and eWallets, chain managers.

        A member card's points change through an approved adjustment
        (multistore.loyalty.adjustment); Odoo's wizard stays for cards that
        are money (gift cards, eWallets), which only a chain manager sets.
        Before the chain runs stores, Odoo's wizard works as without the
        suite (see chain_rules_apply).
        """
        if not chain_rules_apply(self.env):
            return super().action_update_card_point()
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("set the balance of a card"),
        )
        for wizard in self:
            if wizard.card_id.program_id.program_type == "loyalty":
                raise UserError(
                    self.env._(
                        "Points of member card %(code)s change with an approved "
                        "adjustment: request one (Multistore > Loyalty > Points "
                        "Adjustments).",
                        code=wizard.card_id.code,
                    )
                )
        with points_flow():
            return super().action_update_card_point()
