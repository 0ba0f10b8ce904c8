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
        """Refund lines refund what was sold, at the price and with the taxes
        it was sold (how much: the constraint of ``pos.order.line``,
        ``_check_multistore_refund_qty``).

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
