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
        for line in refunds.sudo():
            source = line.refunded_orderline_id
            product = source.product_id.display_name
            line._multistore_check_sold_terms(
                source.product_id,
                source.tax_ids,
                source.price_unit,
                source.discount,
                source.order_id.display_name,
            )
            if float_compare(line.qty, 0.0, precision_rounding=0.0001) > 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: a refund takes goods back, its quantity "
                        "must be negative.",
                        product=product,
                    )
                )
