from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        """A delivery of a Taobao order validated with a tracking reference
        ships the trade on Taobao."""
        res = super()._action_done()
        self._taobao_queue_shipment()
        return res

    def write(self, vals):
        res = super().write(vals)
        if vals.get("carrier_tracking_ref"):
            self.filtered(lambda p: p.state == "done")._taobao_queue_shipment()
        return res

    def _taobao_queue_shipment(self):
        for picking in self:
            if (
                picking.state == "done"
                and picking.picking_type_code == "outgoing"
                and picking.carrier_tracking_ref
                and picking.sale_id
            ):
                picking.sale_id._taobao_queue_shipment(
                    tracking_ref=picking.carrier_tracking_ref,
                    carrier=picking.sudo().carrier_id.name,
                )
