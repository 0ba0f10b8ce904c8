from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools import sf_protocol
from .common import SfCommon

CREATE = sf_protocol.SERVICE_CREATE_ORDER


@tagged("post_install", "-at_install")
class TestSfBooking(SfCommon):
    def test_booking_sets_the_waybill_on_the_delivery_and_the_order(self):
        order, delivery = self._ready_delivery()
        self._book(delivery)
        booking = delivery.multistore_sf_booking_ids
        self.assertEqual(booking.state, "booked")
        waybill = booking.waybill_no
        self.assertTrue(waybill.startswith("SF"))
        self.assertEqual(delivery.carrier_tracking_ref, waybill)
        self.assertEqual(order.shipment_tracking_ref, waybill)
        self.assertEqual(order.shipment_state, "shipped")
        self.assertEqual(order.shipment_carrier, "SF Express")
        self.assertEqual(booking.store_id, self.store_a)
        # What SF received: the store sends, the customer receives.
        (sent,) = self.fake.calls(CREATE)
        self.assertEqual(sent["orderId"], booking.name)
        self.assertEqual(sent["monthlyCard"], "7551234567")
        sender, receiver = sent["contactInfoList"]
        self.assertEqual(sender["contactType"], 1)
        self.assertEqual(sender["address"], "南京东路 100 号")
        self.assertEqual(receiver["contact"], "张三")
        self.assertEqual(receiver["address"], "淮海中路 1 号 *3 楼~")
        self.assertEqual(sent["cargoDetails"][0]["count"], 1)
        # The call is in the integration's log.
        self.assertTrue(
            self.env["multistore.api.call"].search_count(
                [
                    ("integration_id", "=", self.integration.id),
                    ("endpoint", "=", f"SF {CREATE}"),
                    ("status_code", "=", 200),
                ]
            )
        )
        # The store can now ship it: the delivery has its reference.
        self._ship(delivery)
        self.assertEqual(order.fulfilment_state, "shipped")

    def test_second_click_books_once(self):
        _order, delivery = self._ready_delivery()
        self._book(delivery)
        self._book(delivery)
        self.assertEqual(len(self.fake.calls(CREATE)), 1)
        self.assertEqual(len(delivery.multistore_sf_booking_ids), 1)

    def test_lost_answer_then_retry_books_once(self):
        """SF created the order but its answer was lost: the next booking
        reads the same waybill back (8016) instead of booking again."""
        order, delivery = self._ready_delivery()
        self.account.retries = 0
        self.fake.fail_next = ["after_create"]
        with self.assertRaises(UserError) as caught:
            self._book(delivery)
        self.assertIn("Nothing was recorded", str(caught.exception))
        self.assertFalse(delivery.carrier_tracking_ref)
        self.assertFalse(delivery.multistore_sf_booking_ids)
        self.assertFalse(order.shipment_state)
        self.assertEqual(len(self.fake.orders), 1)
        self._book(delivery)
        self.assertEqual(len(self.fake.orders), 1)
        (waybill,) = self.fake.orders.values()
        self.assertEqual(delivery.carrier_tracking_ref, waybill)
        self.assertEqual(len(self.fake.calls(sf_protocol.SERVICE_SEARCH_ORDER)), 1)

    def test_automatic_retry_after_a_server_error(self):
        order, delivery = self._ready_delivery()
        self.fake.fail_next = ["http500"]
        self._book(delivery)
        self.assertEqual(len(self.fake.calls(CREATE)), 2)
        self.assertEqual(len(self.fake.orders), 1)
        self.assertEqual(order.shipment_state, "shipped")
        self.fake.reset()
        # A retry that meets the order SF created before the lost answer.
        _order2, delivery2 = self._ready_delivery()
        self.fake.fail_next = ["after_create"]
        self._book(delivery2)
        self.assertEqual(len(self.fake.orders), 1)
        self.assertEqual(
            delivery2.carrier_tracking_ref, next(iter(self.fake.orders.values()))
        )

    def test_failure_leaves_nothing_and_says_why(self):
        order, delivery = self._ready_delivery()
        self.fake.fail_next = ["A1099", "http500"]
        with self.assertRaises(UserError) as caught:
            self._book(delivery)
        self.assertIn("could not be reached", str(caught.exception))
        self.assertFalse(delivery.carrier_tracking_ref)
        self.assertFalse(delivery.multistore_sf_booking_ids)
        self.assertFalse(order.shipment_state)
        self.assertFalse(order.shipment_tracking_ref)

    def test_wrong_check_word_is_refused_by_the_platform(self):
        _order, delivery = self._ready_delivery()
        self.account.check_word_input = "not-the-check-word"
        with self.assertRaises(UserError) as caught:
            self._book(delivery)
        self.assertIn("A1006", str(caught.exception))
        self.assertFalse(self.fake.requests)
        self.assertFalse(delivery.carrier_tracking_ref)

    def test_incomplete_address_is_refused_before_calling(self):
        _order, delivery = self._ready_delivery()
        self.customer.write({"mobile": False, "phone": False})
        with self.assertRaises(UserError) as caught:
            self._book(delivery)
        self.assertIn("phone number", str(caught.exception))
        self.assertFalse(self.fake.requests)

    def test_store_not_among_the_integrations_stores_is_refused(self):
        _order, delivery = self._ready_delivery(store=self.store_b)
        with self.assertRaises(UserError) as caught:
            self._book(delivery, user=self.staff_b)
        self.assertIn("not among the stores", str(caught.exception))
        self.assertFalse(self.fake.requests)
        self.assertFalse(delivery.carrier_tracking_ref)

    def test_integration_without_the_online_store_is_refused(self):
        _order, delivery = self._ready_delivery()
        self.integration.store_ids = self.store_a
        with self.assertRaises(UserError) as caught:
            self._book(delivery)
        self.assertIn("Online Shop", str(caught.exception))
        self.assertFalse(self.fake.requests)

    def test_click_and_collect_is_not_booked(self):
        self.store_a.pickup_enabled = True
        self._set_stock(self.store_a, 5)
        order = self._online_order([(self.product, 1)], pickup_store=self.store_a)
        order.action_confirm()
        with self.assertRaises(UserError):
            self._book(self._deliveries(order))

    def test_automatic_booking_records_failures(self):
        order, delivery = self._ready_delivery()
        self.account.auto_book = True
        self.fake.fail_next = ["A1099", "A1099"]
        self.Booking._cron_auto_book()
        booking = delivery.multistore_sf_booking_ids
        self.assertEqual(booking.state, "failed")
        self.assertIn("A1099", booking.error)
        self.assertFalse(delivery.carrier_tracking_ref)
        self.Booking._cron_auto_book()
        self.assertEqual(booking.state, "booked")
        self.assertEqual(delivery.carrier_tracking_ref, booking.waybill_no)
        self.assertEqual(order.shipment_tracking_ref, booking.waybill_no)
        self.assertEqual(len(self.fake.orders), 1)
