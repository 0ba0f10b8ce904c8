from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_is_zero


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    def _multistore_is_price_exempt(self):
        """A line returning goods of an online order is refunded at the
        online order's price, not the till's: checked against the sale line
        (``_multistore_check_online_return_price``)."""
        # sudo(): the online order may be hidden from the till's user.
        line = self.sudo()
        if (
            line.sale_order_line_id.order_id.multistore_online_order
            and not float_is_zero(self.qty, precision_digits=6)
            and self.qty < 0
        ):
            return True
        return super()._multistore_is_price_exempt()

    def _multistore_check_online_return_price(self):
        """A return of an online order gives back what was paid for it."""
        self.ensure_one()
        sale_line = self.sudo().sale_order_line_id
        rounding = self.order_id.currency_id.rounding
        product = sale_line.product_id.display_name
        if self.product_id != sale_line.product_id:
            raise ValidationError(
                self.env._(
                    "A return line of %(product)s names a line of %(sold)s on "
                    "%(order)s: return the product that was sold.",
                    product=self.product_id.display_name,
                    sold=product,
                    order=sale_line.order_id.name,
                )
            )
        if self.tax_ids != sale_line.tax_id:
            raise ValidationError(
                self.env._(
                    "%(product)s was sold with the taxes %(taxes)s on %(order)s: "
                    "return it with the same taxes.",
                    product=product,
                    taxes=", ".join(sale_line.tax_id.mapped("name")) or "-",
                    order=sale_line.order_id.name,
                )
            )
        if (
            float_compare(
                abs(self.price_unit - sale_line.price_unit),
                rounding,
                precision_rounding=rounding / 100,
            )
            > 0
            or float_compare(self.discount, sale_line.discount, precision_digits=2) < 0
        ):
            raise ValidationError(
                self.env._(
                    "%(product)s was sold at %(price)s (discount %(discount)s%%) "
                    "on %(order)s: refund it at that price.",
                    product=product,
                    price=sale_line.price_unit,
                    discount=sale_line.discount,
                    order=sale_line.order_id.name,
                )
            )
