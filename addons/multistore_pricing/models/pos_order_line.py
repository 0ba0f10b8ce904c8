from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    @api.constrains("discount")
    def _check_store_discount_limit(self):
        """Server-side guard of the till's discount limit (pos_discount_limit.js).

        A refund line keeps the discount of the line it refunds, whoever gave
        it (a store manager may go beyond the limit). Lines without a
        discount pass without reading their store: a limit is 0 to 100%
        (``multistore.store._check_max_discount``).
        """
        lines = self.filtered(lambda line: line.discount > 0)
        if not lines or self.env.user.has_group("multistore_base.group_store_manager"):
            return
        for line in lines:
            store = line.order_id.store_id
            if (
                store
                and line.discount > store.pos_max_discount
                and not line._multistore_refund_keeps_discount()
            ):
                raise ValidationError(
                    self.env._(
                        "A discount of %(discount)s%% is above the limit of "
                        "%(limit)s%% of store %(store)s: lower it or ask a store "
                        "manager.",
                        discount=line.discount,
                        limit=store.pos_max_discount,
                        store=store.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Operation log: discounts above the store limit.
        self.env["auditlog.log"]._multistore_log_till_discounts(
            lines, skip_refunds=True
        )
        return lines

    def write(self, vals):
        res = super().write(vals)
        if "discount" in vals:
            # Operation log: a discount set above the store limit.
            self.env["auditlog.log"]._multistore_log_till_discounts(self)
        return res

    def _multistore_refund_keeps_discount(self):
        """Whether this line refunds a line with at least its discount.

        sudo(): the refunded line may be another store's (returns anywhere);
        only its discount is read.
        """
        self.ensure_one()
        source = self.sudo().refunded_orderline_id
        return bool(source) and (
            float_compare(self.discount, source.discount, precision_digits=2) <= 0
        )
