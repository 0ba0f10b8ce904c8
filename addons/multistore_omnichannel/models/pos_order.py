from odoo import api, fields, models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def sync_from_ui(self, orders):
        """A click & collect order settled at the till is collected: at its
        pickup store, once the store has marked it ready."""
        data = super().sync_from_ui(orders)
        synced = self.browse([order["id"] for order in data.get("pos.order", [])])
        synced._multistore_collect_pickup_orders()
        return data

    def _multistore_collect_pickup_orders(self):
        for pos_order in self.filtered(
            lambda o: o.state in ("paid", "done", "invoiced")
        ):
            store = pos_order.sudo().config_id.store_id
            sale_orders = pos_order.lines.sale_order_origin_id.sudo().filtered(
                lambda so: so.pickup_store_id and so.fulfilment_state != "collected"
            )
            for sale_order in sale_orders:
                if sale_order.pickup_store_id != store:
                    raise UserError(
                        self.env._(
                            "%(order)s is collected at %(pickup)s, not at this "
                            "till's store (%(store)s): send the customer there.",
                            order=sale_order.name,
                            pickup=sale_order.pickup_store_id.name,
                            store=store.name or "-",
                        )
                    )
                if sale_order.fulfilment_state != "ready":
                    raise UserError(
                        self.env._(
                            "%(order)s is not ready for pickup yet: the store "
                            "marks it ready when every item is there, then the "
                            "till hands it over.",
                            order=sale_order.name,
                        )
                    )
                sale_order.write(
                    {
                        "fulfilment_state": "collected",
                        "fulfilment_done_date": fields.Datetime.now(),
                    }
                )
                sale_order.message_post(
                    body=self.env._(
                        "Collected at the till: %(pos_order)s.",
                        pos_order=pos_order.name,
                    )
                )
                sale_order._multistore_goods_received()
