from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .loyalty_card import in_points_flow

# What ties a till line to a reward and the points it costs.
REWARD_FIELDS = (
    "is_reward_line",
    "reward_id",
    "coupon_id",
    "points_cost",
    "reward_identifier_code",
)


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    def write(self, vals):
        if (
            set(REWARD_FIELDS).intersection(vals)
            and not in_points_flow(self.env)
            and self.filtered(lambda line: line.order_id.state != "draft")
        ):
            # A refund gives back the points_cost of the refunded reward line:
            # rewriting it on a paid order would create points.
            raise UserError(
                self.env._(
                    "The rewards of a paid order no longer change: refund the "
                    "order and sell again."
                )
            )
        return super().write(vals)

    def _multistore_is_price_exempt(self):
        """Reward lines are priced by their program, not by the price list.

        multistore_base checks the till's prices against the store's price
        list; a reward line's (negative) price is checked against the
        program's reward and the points it costs instead
        (pos.order._multistore_check_reward_lines).
        """
        return bool(self.is_reward_line) or super()._multistore_is_price_exempt()

    @api.constrains("points_cost")
    def _check_multistore_points_cost(self):
        for line in self:
            if line.points_cost < 0:
                raise ValidationError(
                    self.env._(
                        "A reward cannot cost %(points)s points: points spent are "
                        "zero or more. Apply the reward again at the till.",
                        points=line.points_cost,
                    )
                )
