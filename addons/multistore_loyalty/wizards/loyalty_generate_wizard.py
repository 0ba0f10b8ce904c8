from odoo import models
from odoo.exceptions import UserError

from ..models.loyalty_card import chain_rules_apply, points_flow


class LoyaltyGenerateWizard(models.TransientModel):
    _inherit = "loyalty.generate.wizard"

    def generate_coupons(self):
        """Issue coupons and gift cards with points: chain managers only.

        Odoo's wizard creates the cards with their points and a history line
        as the user. Issuing value is chain work; member cards (loyalty
        programs) start at 0 and earn points with orders and adjustments.
        Before the chain runs stores, Odoo's wizard works as without the
        suite (see chain_rules_apply).
        """
        if any(wizard.points_granted for wizard in self) and chain_rules_apply(
            self.env
        ):
            self._multistore_require_group(
                "multistore_base.group_chain_manager",
                action=self.env._("issue coupons or gift cards with points"),
            )
            member = self.filtered(
                lambda w: w.points_granted and w.program_id.program_type == "loyalty"
            )
            if member:
                raise UserError(
                    self.env._(
                        "Member cards of %(program)s start with 0 points: generate "
                        "them without points and request adjustments for the "
                        "points.",
                        program=member[0].program_id.name,
                    )
                )
        with points_flow():
            return super().generate_coupons()
