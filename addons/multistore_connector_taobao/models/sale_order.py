from odoo import models

from .multistore_connector_taobao_shipment import company_code


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _api_update_shipment(self, carrier=None, tracking_ref=None, delivered=False):
        """A tracking reference from the logistics API goes to the Taobao
        shop the order came from (once)."""
        res = super()._api_update_shipment(
            carrier=carrier, tracking_ref=tracking_ref, delivered=delivered
        )
        self._taobao_queue_shipment()
        return res

    def _taobao_queue_shipment(self, tracking_ref=None, carrier=None):
        """Record and queue the shipment push of the orders of ``self``
        imported by a Taobao shop that have a tracking reference, unless it
        was recorded before.

        Runs as superuser: whoever ships the goods (store staff, the logistics
        integration) triggers the push; shipments are the connector's."""
        Shop = self.env["multistore.connector.taobao.shop"].sudo()
        Shipment = self.env["multistore.connector.taobao.shipment"].sudo()
        for order in self.sudo():
            if not order.api_integration_id or order.state != "sale":
                continue
            ref = tracking_ref or order.shipment_tracking_ref
            if not ref:
                continue
            shop = Shop.search(
                [("integration_id", "=", order.api_integration_id.id)], limit=1
            )
            if not shop or Shipment.search_count(
                [("order_id", "=", order.id)], limit=1
            ):
                continue
            shipment, created = Shipment._create_once(
                {
                    "shop_id": shop.id,
                    "order_id": order.id,
                    "tid": order.api_external_id,
                    "out_sid": ref,
                    "company_code": company_code(
                        carrier or order.shipment_carrier, shop.default_company_code
                    ),
                }
            )
            if created:
                shipment._enqueue()
