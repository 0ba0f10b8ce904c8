from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, tagged

from ..tools import sf_protocol
from .common import SfCommon

CREATE = sf_protocol.SERVICE_CREATE_ORDER
UPDATE = sf_protocol.SERVICE_UPDATE_ORDER


@tagged("post_install", "-at_install")
class TestSfCancel(SfCommon):
    def _booked(self):
        order, delivery = self._ready_delivery()
        self._book(delivery)
        booking = delivery.multistore_sf_booking_ids
        self.assertEqual(booking.state, "booked")
        return order, delivery, booking

    def _assert_unchanged(self, order, delivery, booking, waybill):
        self.assertEqual(booking.state, "booked")
        self.assertEqual(booking.waybill_no, waybill)
        self.assertEqual(delivery.carrier_tracking_ref, waybill)
        self.assertEqual(order.shipment_tracking_ref, waybill)
        self.assertEqual(order.shipment_state, "shipped")
        self.assertEqual(delivery.multistore_sf_state, "booked")

    def test_cancel_voids_the_waybill_and_the_delivery_is_booked_again(self):
        order, delivery, booking = self._booked()
        waybill = booking.waybill_no
        booking.with_user(self.staff_a).action_cancel()
        # What SF received: the booking's orderId, dealType 2 (cancel).
        (sent,) = self.fake.calls(UPDATE)
        self.assertEqual(sent["orderId"], booking.name)
        self.assertEqual(sent["dealType"], 2)
        self.assertIn(booking.name, self.fake.cancelled)
        self.assertEqual(booking.state, "cancelled")
        self.assertTrue(booking.cancelled_date)
        self.assertEqual(booking.waybill_no, waybill)  # kept as history
        self.assertFalse(delivery.carrier_tracking_ref)
        self.assertFalse(order.shipment_tracking_ref)
        self.assertFalse(order.shipment_state)
        self.assertEqual(delivery.multistore_sf_state, "cancelled")
        self.assertEqual(delivery.state, "assigned")
        self.assertIn(waybill, delivery.message_ids[:1].body)
        # Booked again: a new booking, a new orderId (SF never takes a
        # cancelled one again), a new waybill.
        self._book(delivery)
        self.assertEqual(len(self.fake.calls(CREATE)), 2)
        new = delivery.multistore_sf_booking_ids - booking
        self.assertEqual(len(new), 1)
        self.assertEqual(new.state, "booked")
        self.assertEqual(new.name, f"{booking.name}-2")
        self.assertNotEqual(new.waybill_no, waybill)
        self.assertEqual(delivery.carrier_tracking_ref, new.waybill_no)
        self.assertEqual(order.shipment_tracking_ref, new.waybill_no)
        self.assertEqual(order.shipment_state, "shipped")
        self.assertEqual(delivery.multistore_sf_state, "booked")
        self.assertEqual(booking.state, "cancelled")
        # The new waybill is tracked to delivery; the cancelled one is not.
        self.fake.deliver_after = 1
        self.Booking._cron_track()
        (query,) = self.fake.calls(sf_protocol.SERVICE_SEARCH_ROUTES)
        self.assertEqual(query["trackingNumber"], [new.waybill_no])
        self.assertEqual(new.state, "delivered")
        self.assertEqual(order.shipment_state, "delivered")
        self.assertFalse(booking.route_ids)

    def test_cancel_from_the_delivery(self):
        order, delivery, booking = self._booked()
        delivery.with_user(self.staff_a).action_multistore_sf_cancel()
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(delivery.carrier_tracking_ref)
        self.assertFalse(order.shipment_state)

    def test_cancelling_twice_is_refused(self):
        _order, delivery, booking = self._booked()
        booking.with_user(self.staff_a).action_cancel()
        with self.assertRaises(UserError) as caught:
            booking.with_user(self.staff_a).action_cancel()
        self.assertIn("already cancelled", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_cancel()
        self.assertIn("no SF Express booking to cancel", str(caught.exception))
        self.assertEqual(len(self.fake.calls(UPDATE)), 1)
        self.assertEqual(booking.state, "cancelled")

    def test_parcel_with_route_events_is_not_cancelled(self):
        """The courier took it (route event 50): refused before asking SF."""
        order, delivery, booking = self._booked()
        waybill = booking.waybill_no
        self.Booking._cron_track()
        self.assertEqual(booking.route_ids.mapped("op_code"), ["50"])
        with self.assertRaises(UserError) as caught:
            booking.with_user(self.staff_a).action_cancel()
        self.assertIn("customer service", str(caught.exception))
        self.assertFalse(self.fake.calls(UPDATE))
        self._assert_unchanged(order, delivery, booking, waybill)

    def test_refusal_of_sf_changes_nothing(self):
        """SF knows the parcel was collected before a route event reached
        Odoo: its refusal is shown, nothing changes."""
        order, delivery, booking = self._booked()
        waybill = booking.waybill_no
        self.fake.picked_up.add(waybill)
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_cancel()
        self.assertIn("8044", str(caught.exception))
        self.assertIn("Nothing changed", str(caught.exception))
        self.assertEqual(len(self.fake.calls(UPDATE)), 1)
        self.assertNotIn(booking.name, self.fake.cancelled)
        self._assert_unchanged(order, delivery, booking, waybill)

    def test_validated_delivery_is_not_cancelled(self):
        _order, delivery, booking = self._booked()
        self._ship(delivery)
        self.assertEqual(delivery.state, "done")
        with self.assertRaises(UserError) as caught:
            booking.with_user(self.staff_a).action_cancel()
        self.assertIn("was validated", str(caught.exception))
        self.assertFalse(self.fake.calls(UPDATE))
        self.assertEqual(booking.state, "booked")
        self.assertEqual(delivery.carrier_tracking_ref, booking.waybill_no)

    def test_unreachable_sf_changes_nothing_and_a_retry_cancels(self):
        """SF cancelled but its answer was lost: nothing changes here; the
        next click meets 8037 (已消单) and records the cancellation."""
        order, delivery, booking = self._booked()
        waybill = booking.waybill_no
        self.account.retries = 0
        self.fake.fail_next = ["after_cancel"]
        with self.assertRaises(UserError) as caught:
            booking.with_user(self.staff_a).action_cancel()
        self.assertIn("could not be reached", str(caught.exception))
        self.assertIn(booking.name, self.fake.cancelled)
        self._assert_unchanged(order, delivery, booking, waybill)
        booking.with_user(self.staff_a).action_cancel()
        self.assertEqual(len(self.fake.calls(UPDATE)), 2)
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(delivery.carrier_tracking_ref)

    def test_automatic_retry_cancels_once(self):
        _order, delivery, booking = self._booked()
        self.fake.fail_next = ["after_cancel"]
        booking.with_user(self.staff_a).action_cancel()
        self.assertEqual(len(self.fake.calls(UPDATE)), 2)
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(delivery.carrier_tracking_ref)

    def test_other_store_cannot_cancel(self):
        order, delivery, booking = self._booked()
        waybill = booking.waybill_no
        for user in (self.staff_b, self.manager_b):
            with self.assertRaises(AccessError):
                booking.with_user(user).action_cancel()
            with self.assertRaises(AccessError):
                delivery.with_user(user).action_multistore_sf_cancel()
            # Nor by writing the state.
            with self.assertRaises(AccessError):
                booking.with_user(user).write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            booking.with_user(self.staff_a).write({"state": "cancelled"})
        self.assertFalse(self.fake.calls(UPDATE))
        self._assert_unchanged(order, delivery, booking, waybill)

    def test_split_order_keeps_the_other_waybill(self):
        self.integration.store_ids |= self.store_c
        self.store_c.partner_id.write({"street": "徐家汇路 9 号", "phone": "021-5"})
        self._set_stock(self.store_a, 5)
        self._set_stock(self.store_c, 5, product=self.product2)
        order = self._online_order([(self.product, 1), (self.product2, 1)])
        order.action_confirm()
        deliveries = self._deliveries(order)
        delivery_a = deliveries.filtered(lambda p: p.store_id == self.store_a)
        delivery_c = deliveries.filtered(lambda p: p.store_id == self.store_c)
        self._book(delivery_a)
        self._book(delivery_c, user=self.staff_c)
        waybill_c = delivery_c.carrier_tracking_ref
        self.assertIn(waybill_c, order.shipment_tracking_ref)
        delivery_a.with_user(self.staff_a).action_multistore_sf_cancel()
        self.assertEqual(order.shipment_tracking_ref, waybill_c)
        self.assertEqual(order.shipment_state, "shipped")
        self.assertEqual(delivery_c.carrier_tracking_ref, waybill_c)

    def test_automatic_booking_leaves_cancelled_deliveries(self):
        """A delivery whose booking was cancelled is booked again by hand
        only."""
        _order, delivery, booking = self._booked()
        booking.with_user(self.staff_a).action_cancel()
        self.account.auto_book = True
        self.Booking._cron_auto_book()
        self.assertEqual(len(self.fake.calls(CREATE)), 1)
        self.assertEqual(delivery.multistore_sf_booking_ids, booking)
        self.assertFalse(delivery.carrier_tracking_ref)


@tagged("post_install", "-at_install")
class TestSfCancelRpc(SfCommon, HttpCase):
    """Over JSON-RPC, as a client of another store would call it."""

    def _call(self, login, model, method, ids):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": [ids], "kwargs": {}},
        )

    def test_other_store_cannot_cancel_over_rpc(self):
        _order, delivery = self._ready_delivery()
        self._book(delivery)
        booking = delivery.multistore_sf_booking_ids
        booking_model = "multistore.connector.sf.booking"
        for model, method, record in (
            (booking_model, "action_cancel", booking),
            ("stock.picking", "action_multistore_sf_cancel", delivery),
        ):
            with self.subTest(model=model):
                with self.assertRaises(JsonRpcException) as caught:
                    self._call("ms_staff_b", model, method, record.ids)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        # Private methods are not callable over RPC.
        with self.assertRaises(JsonRpcException):
            self._call("ms_staff_a", booking_model, "_cancel_at_sf", booking.ids)
        self.assertFalse(self.fake.calls(UPDATE))
        self.assertEqual(booking.state, "booked")
        # Store A's staff cancel it.
        self._call("ms_staff_a", booking_model, "action_cancel", booking.ids)
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(delivery.carrier_tracking_ref)
