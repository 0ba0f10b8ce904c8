from odoo import api, models
from odoo.exceptions import ValidationError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.constrains("discount", "order_id")
    def _check_store_discount_limit(self):
        if self.env.user.has_group("multistore_base.group_store_manager"):
            return
        for line in self:
            limit = line.order_id.store_id.sale_max_discount
            if line.order_id.store_id and line.discount > limit:
                raise ValidationError(
                    self.env._(
                        "A discount of %(discount)s%% is above the limit of "
                        "%(limit)s%% of store %(store)s: lower it or ask a store "
                        "manager.",
                        discount=line.discount,
                        limit=limit,
                        store=line.order_id.store_id.display_name,
                    )
                )
