from odoo.tests import tagged

from ..tools import sf_protocol
from .common import SfCommon

ROUTES = sf_protocol.SERVICE_SEARCH_ROUTES


@tagged("post_install", "-at_install")
class TestSfTracking(SfCommon):
    def test_signed_for_delivers_the_order_once(self):
        order, delivery = self._ready_delivery()
        self._book(delivery)
        self._ship(delivery)
        booking = delivery.multistore_sf_booking_ids
        self.fake.deliver_after = 3
        self.Booking._cron_track()
        self.Booking._cron_track()
        self.assertEqual(booking.state, "booked")
        # The same event reported twice is recorded once.
        self.assertEqual(booking.route_ids.mapped("op_code"), ["50"])
        self.assertEqual(order.fulfilment_state, "shipped")
        self.Booking._cron_track()
        self.assertEqual(booking.state, "delivered")
        self.assertEqual(order.shipment_state, "delivered")
        self.assertEqual(order.fulfilment_state, "delivered")
        self.assertEqual(sorted(booking.route_ids.mapped("op_code")), ["50", "80"])
        delivered_on = order.shipment_delivered_date
        self.Booking._cron_track()
        self.assertEqual(len(self.fake.calls(ROUTES)), 3)
        self.assertEqual(order.shipment_delivered_date, delivered_on)
        self.assertEqual(len(booking.route_ids), 2)

    def test_delivery_not_validated_by_the_store_is_validated(self):
        order, delivery = self._ready_delivery()
        self._book(delivery)
        self.fake.deliver_after = 1
        delivery.with_user(self.staff_a).action_multistore_sf_track()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.shipment_state, "delivered")

    def test_batches_of_ten_waybills(self):
        self._set_stock(self.store_a, 20)
        for _index in range(12):
            order = self._online_order([(self.product, 1)])
            order.action_confirm()
            self._book(self._deliveries(order))
        self.Booking._cron_track()
        calls = self.fake.calls(ROUTES)
        self.assertEqual([len(c["trackingNumber"]) for c in calls], [10, 2])

    def test_tracking_failure_is_kept_on_the_booking(self):
        _order, delivery = self._ready_delivery()
        self._book(delivery)
        self.fake.fail_next = ["A1099", "A1099"]
        self.Booking._cron_track()
        booking = delivery.multistore_sf_booking_ids
        self.assertEqual(booking.state, "booked")
        self.assertIn("A1099", booking.error)

    def test_split_order_is_delivered_when_every_parcel_is(self):
        """Two stores ship one order: its reference and its delivery wait for
        both parcels."""
        self.integration.store_ids |= self.store_c
        self._set_stock(self.store_a, 5)
        self._set_stock(self.store_c, 5, product=self.product2)
        order = self._online_order([(self.product, 1), (self.product2, 1)])
        order.action_confirm()
        deliveries = self._deliveries(order)
        delivery_a = deliveries.filtered(lambda p: p.store_id == self.store_a)
        delivery_c = deliveries.filtered(lambda p: p.store_id == self.store_c)
        self.assertTrue(delivery_a and delivery_c)
        self.store_c.partner_id.write({"street": "徐家汇路 9 号", "phone": "021-5"})
        self._book(delivery_a)
        self.assertFalse(delivery_c.carrier_tracking_ref)
        self.assertFalse(order.shipment_tracking_ref)
        self._book(delivery_c, user=self.staff_c)
        self.assertNotEqual(
            delivery_a.carrier_tracking_ref, delivery_c.carrier_tracking_ref
        )
        self.assertIn(delivery_c.carrier_tracking_ref, order.shipment_tracking_ref)
        self.fake.deliver_after = 1
        delivery_a.multistore_sf_booking_ids._track()
        self.assertEqual(delivery_a.multistore_sf_booking_ids.state, "delivered")
        self.assertNotEqual(order.shipment_state, "delivered")
        delivery_c.multistore_sf_booking_ids._track()
        self.assertEqual(order.shipment_state, "delivered")
