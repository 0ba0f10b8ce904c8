from odoo import models
from odoo.tools import float_is_zero


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
        self._multistore_check_sold_terms(
            sale_line.product_id,
            sale_line.tax_id,
            sale_line.price_unit,
            sale_line.discount,
            sale_line.order_id.name,
        )
