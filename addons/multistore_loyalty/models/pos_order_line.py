from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

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
