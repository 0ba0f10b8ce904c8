from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class PosOrder(models.Model):
    """The server's check of refund lines sent by a till (with
    multistore_loyalty's returns anywhere, the refunded sale may be another
    store's); called by ``pos.order._multistore_check_till_prices``
    (pos_order.py)."""

    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _multistore_check_refund_lines(self, refunds):
        """Refund lines refund what was sold, at the price it was sold.

        sudo(): the refunded line may belong to another store's order
        (returns anywhere), which the store rules hide: only the refunded
        lines and their refunds are read.
        """
        self.ensure_one()
        if not refunds:
            return
        rounding = self.currency_id.rounding
        for line in refunds.sudo():
            source = line.refunded_orderline_id
            product = source.product_id.display_name
            if line.product_id != source.product_id:
                raise ValidationError(
                    self.env._(
                        "A refund line of %(product)s names a line of %(sold)s "
                        "on order %(order)s: refund the product that was sold.",
                        product=line.product_id.display_name,
                        sold=product,
                        order=source.order_id.display_name,
                    )
                )
            if float_compare(line.qty, 0.0, precision_rounding=0.0001) > 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: a refund takes goods back, its quantity "
                        "must be negative.",
                        product=product,
                    )
                )
            if line.tax_ids != source.tax_ids:
                raise ValidationError(
                    self.env._(
                        "%(product)s was sold with the taxes %(taxes)s on order "
                        "%(order)s: refund it with the same taxes.",
                        product=product,
                        taxes=", ".join(source.tax_ids.mapped("name")) or "-",
                        order=source.order_id.display_name,
                    )
                )
            if (
                float_compare(
                    abs(line.price_unit - source.price_unit),
                    rounding,
                    precision_rounding=rounding / 100,
                )
                > 0
                or float_compare(line.discount, source.discount, precision_digits=2) < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s was sold at %(price)s (discount %(discount)s%%) "
                        "on order %(order)s: refund it at that price, not at "
                        "%(refund_price)s (discount %(refund_discount)s%%).",
                        product=product,
                        price=source.price_unit,
                        discount=source.discount,
                        order=source.order_id.display_name,
                        refund_price=line.price_unit,
                        refund_discount=line.discount,
                    )
                )
        for source in refunds.sudo().refunded_orderline_id:
            refund_lines = source.refund_orderline_ids.filtered(
                lambda refund: refund.order_id.state != "cancel"
            )
            refunded = -sum(refund_lines.mapped("qty"))
            precision = source.product_uom_id.rounding or 0.01
            if float_compare(refunded, source.qty, precision_rounding=precision) > 0:
                earlier = -sum((refund_lines - refunds).mapped("qty"))
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(refunded)s refunded but only %(sold)s sold "
                        "on order %(order)s. Refund at most %(left)s.",
                        product=source.product_id.display_name,
                        refunded=refunded,
                        sold=source.qty,
                        order=source.order_id.display_name,
                        left=max(source.qty - earlier, 0.0),
                    )
                )
