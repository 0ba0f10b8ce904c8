from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.multistore_omnichannel.tests.common import OmnichannelCommon


@tagged("post_install", "-at_install")
class TestApiShipmentOfOnlineOrders(OmnichannelCommon):
    """A logistics integration reports the shipment of an online order that
    a store prepared: its tracking reference lets the delivery leave."""

    def _routed_order(self):
        self._set_stock(self.store_a, 5)
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        return order

    def test_delivered_with_the_integrations_tracking_reference(self):
        order = self._routed_order()
        order._api_update_shipment(
            carrier="SF Express", tracking_ref="SF2468", delivered=True
        )
        delivery = self._deliveries(order)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.carrier_tracking_ref, "SF2468")
        # The carrier's proof of delivery closes the customer's timeline.
        self.assertEqual(order.fulfilment_state, "delivered")
        self.assertTrue(order.delivered_date)
        self.assertEqual(order.shipment_state, "delivered")

    def test_shipped_by_the_store_then_delivered(self):
        order = self._routed_order()
        delivery = self._deliveries(order)
        delivery.move_ids.quantity = 1
        delivery.carrier_tracking_ref = "SF1357"
        delivery.button_validate()
        order._api_update_shipment(tracking_ref="SF1357")
        self.assertEqual(order.fulfilment_state, "shipped")
        order._api_update_shipment(delivered=True)
        self.assertEqual(order.fulfilment_state, "delivered")
        self.assertEqual(order.shipment_state, "delivered")

    def test_store_reference_is_kept(self):
        order = self._routed_order()
        self._deliveries(order).carrier_tracking_ref = "STORE-1"
        order._api_update_shipment(tracking_ref="SF2468", delivered=True)
        self.assertEqual(self._deliveries(order).carrier_tracking_ref, "STORE-1")

    def test_delivered_without_any_reference_is_refused(self):
        order = self._routed_order()
        with self.assertRaises(UserError) as caught:
            order._api_update_shipment(delivered=True)
        self.assertIn("tracking reference", str(caught.exception))
        self.assertEqual(self._deliveries(order).state, "assigned")
        self.assertFalse(order.shipment_state == "delivered")
