from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

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
            not in_points_flow(self.env)
            and set(REWARD_FIELDS).intersection(vals)
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

    @api.constrains("refunded_orderline_id", "qty")
    def _check_multistore_refund_qty(self):
        """Refuse refunding more than was sold.

        The till limits the quantity it offers to refund, but nothing on the
        server did: a stale till, a second till or a forged payload could
        refund a line twice (and reverse its points twice). The refunded line
        may belong to another store: sudo() reads that line and its refunds.
        """
        for line in self.sudo().filtered("refunded_orderline_id"):
            source = line.refunded_orderline_id
            refunds = source.refund_orderline_ids.filtered(
                lambda refund: refund.order_id.state != "cancel"
            )
            refunded = -sum(refunds.mapped("qty"))
            precision = source.product_uom_id.rounding or 0.01
            if float_compare(refunded, source.qty, precision_rounding=precision) > 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(refunded)s refunded but only %(sold)s sold "
                        "on order %(order)s. Refund at most %(left)s.",
                        product=source.product_id.display_name,
                        refunded=refunded,
                        sold=source.qty,
                        order=source.order_id.display_name,
                        left=max(source.qty + sum((refunds - line).mapped("qty")), 0.0),
                    )
                )
