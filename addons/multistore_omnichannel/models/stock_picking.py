from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    multistore_online_order = fields.Boolean(
        string="Online Order",
        related="sale_id.multistore_online_order",
        store=True,
        index="btree_not_null",
    )
    multistore_pickup_store_id = fields.Many2one(
        related="sale_id.pickup_store_id", string="Pickup Store"
    )
    fulfilment_state = fields.Selection(
        related="sale_id.fulfilment_state", string="Order Status"
    )

    def _multistore_online_outgoing(self):
        return self.filtered(
            lambda p: p.multistore_online_order and p.picking_type_code == "outgoing"
        )

    def action_multistore_ready_for_pickup(self):
        """The store has everything of a click & collect order: tell the
        customer it is ready."""
        for picking in self:
            picking._multistore_check_store_role(
                picking.store_id, action=self.env._("prepare online orders")
            )
            order = picking.sudo().sale_id
            if not picking._multistore_online_outgoing() or not order.pickup_store_id:
                raise UserError(
                    self.env._(
                        "%(picking)s is not a click & collect order: ship it "
                        "with its tracking reference instead.",
                        picking=picking.display_name,
                    )
                )
            if order.fulfilment_state != "preparing":
                raise UserError(
                    self.env._(
                        "%(order)s is not being prepared (now: %(state)s).",
                        order=order.name,
                        state=dict(
                            order._fields["fulfilment_state"]._description_selection(
                                self.env
                            )
                        ).get(order.fulfilment_state, "-"),
                    )
                )
            missing = picking.move_ids.filtered(
                lambda m: m.state not in ("assigned", "cancel")
            )
            if missing:
                transfers = order.multistore_transfer_ids.filtered(
                    lambda t: t.state not in ("done", "cancel")
                )
                awaited = ""
                if transfers:
                    awaited = self.env._(
                        " (awaited from transfer %(names)s)",
                        names=", ".join(transfers.mapped("name")),
                    )
                raise UserError(
                    self.env._(
                        "%(order)s is not complete in the store: %(products)s "
                        "not reserved yet%(transfers)s. Mark it ready when the "
                        "goods are here.",
                        order=order.name,
                        products=", ".join(missing.product_id.mapped("display_name")),
                        transfers=awaited,
                    )
                )
            order._multistore_mark_ready()
        return True

    def button_validate(self):
        self._multistore_check_online_handover()
        return super().button_validate()

    def _multistore_check_online_handover(self):
        """A delivery of an online order leaves with its tracking reference;
        a click & collect order is handed over once the customer was told."""
        for picking in self._multistore_online_outgoing():
            order = picking.sudo().sale_id
            if order.pickup_store_id:
                if order.fulfilment_state != "ready":
                    raise UserError(
                        self.env._(
                            "%(order)s is not ready for pickup: mark it ready "
                            "(the customer is told and gets a pickup code) before "
                            "handing it over.",
                            order=order.name,
                        )
                    )
            elif not picking.carrier_tracking_ref:
                raise UserError(
                    self.env._(
                        "%(picking)s ships an online order: enter the carrier's "
                        "tracking reference, so that the customer can follow it.",
                        picking=picking.display_name,
                    )
                )

    def _action_done(self):
        res = super()._action_done()
        self._multistore_online_outgoing().sale_id._multistore_update_fulfilment()
        return res
