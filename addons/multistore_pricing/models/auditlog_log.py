from odoo import api, models
from odoo.tools import float_compare


class AuditlogLog(models.Model):
    """Operation log entries of pricing: discounts above the store limit
    given at the till (price changes are logged by the auditlog rules of
    data/auditlog_rule_data.xml)."""

    _inherit = "auditlog.log"

    @api.model
    def _multistore_operation_labels(self):
        labels = super()._multistore_operation_labels()
        labels["pos_discount_above_limit"] = self.env._(
            "Discount above the store limit"
        )
        return labels

    @api.model
    def _multistore_log_till_discounts(self, lines, skip_refunds=False):
        """Log the lines among ``lines`` whose discount is above their
        store's limit (which only a store manager may give): one entry per
        line. The "old value" of such a discount is the store's limit.
        ``skip_refunds``: refund lines are logged as refunds instead (new
        lines)."""
        if skip_refunds:
            lines -= self._multistore_till_refund_lines(lines)
        discount_lines = lines.filtered(
            lambda line: (
                line.order_id.store_id
                and float_compare(
                    line.discount,
                    line.order_id.store_id.pos_max_discount,
                    precision_digits=2,
                )
                > 0
            )
        )
        if not discount_lines:
            return self
        return self._multistore_log_operation(
            discount_lines,
            "pos_discount_above_limit",
            {
                line.id: {
                    "discount": (
                        line.order_id.store_id.pos_max_discount,
                        line.discount,
                    ),
                    "qty": (False, line.qty),
                    "price_unit": (False, line.price_unit),
                    "price_subtotal_incl": (False, line.price_subtotal_incl),
                }
                for line in discount_lines
            },
            names=self._multistore_till_line_names(discount_lines),
        )
