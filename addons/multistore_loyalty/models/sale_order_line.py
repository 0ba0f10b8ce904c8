from odoo import api, models
from odoo.exceptions import ValidationError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.constrains("points_cost")
    def _check_multistore_points_cost(self):
        """A reward costs points, never gives them: sale_loyalty takes
        ``points_cost`` off the card when the order is confirmed."""
        for line in self:
            if line.points_cost < 0:
                raise ValidationError(
                    self.env._(
                        "A reward cannot cost %(points)s points: points spent are "
                        "zero or more. Apply the reward again.",
                        points=line.points_cost,
                    )
                )
