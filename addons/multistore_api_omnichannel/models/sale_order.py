from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _api_update_shipment(self, carrier=None, tracking_ref=None, delivered=False):
        """A logistics integration's tracking reference goes on the open
        deliveries of an online order, which leave only with one
        (multistore_omnichannel)."""
        if self.multistore_online_order and tracking_ref:
            self.sudo().picking_ids.filtered(
                lambda p: (
                    p.picking_type_code == "outgoing"
                    and p.state not in ("done", "cancel")
                    and not p.carrier_tracking_ref
                )
            ).write({"carrier_tracking_ref": tracking_ref})
        res = super()._api_update_shipment(
            carrier=carrier, tracking_ref=tracking_ref, delivered=delivered
        )
        # The carrier's proof of delivery: the customer's timeline, message
        # and follow-ups (multistore_omnichannel).
        if delivered and self.fulfilment_state == "shipped":
            self._multistore_confirm_delivery()
        return res
