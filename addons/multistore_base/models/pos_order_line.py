from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    store_id = fields.Many2one(related="order_id.store_id", store=True, index=True)

    @api.constrains("discount")
    def _check_store_discount_limit(self):
        """Server-side guard of the till's discount limit (pos_discount_limit.js)."""
        if self.env.user.has_group("multistore_base.group_store_manager"):
            return
        for line in self:
            store = line.order_id.store_id
            if store and line.discount > store.pos_max_discount:
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
