from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        before = {}
        if "state" in vals:
            before = {order.id: order.state for order in self}
        res = super().write(vals)
        if before:
            changed = self.filtered(
                lambda o: o.store_id and before.get(o.id) != o.state
            )
            changed._webhook_order_status(before)
        return res

    def _webhook_order_status(self, before):
        Webhook = self.env["multistore.api.webhook"]
        for order in self:
            Webhook._notify(
                "order_status",
                order.store_id,
                {
                    "order_id": order.id,
                    "name": order.name,
                    "external_id": order.sudo().api_external_id or None,
                    "store_code": order.store_id.code,
                    "old_state": before.get(order.id),
                    "state": order.state,
                },
            )
