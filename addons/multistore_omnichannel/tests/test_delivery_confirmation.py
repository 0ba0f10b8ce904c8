from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import OmnichannelCommon

MOBILE = "+86 139 0013 9000"


@tagged("post_install", "-at_install")
class TestDeliveryConfirmation(OmnichannelCommon, SMSCase):
    """A shipped online order is confirmed delivered by the online store's
    staff (the carrier told them) or by a logistics integration (see
    multistore_api_omnichannel): the customer's timeline, mail and SMS."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.mobile = MOBILE
        cls._set_stock(cls.store_a, 10)

    def _shipped_order(self):
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        delivery = self._deliveries(order)
        delivery.move_ids.quantity = 1
        delivery.carrier_tracking_ref = "SF7770001"
        delivery.button_validate()
        self.assertEqual(order.fulfilment_state, "shipped")
        return order

    def test_online_staff_confirm_delivery(self):
        order = self._shipped_order()
        with self.mockSMSGateway():
            order.with_user(self.staff_o).action_multistore_confirm_delivery()
        self.assertEqual(order.fulfilment_state, "delivered")
        self.assertTrue(order.delivered_date)
        sms = self._new_sms.filtered(lambda s: s.partner_id == self.customer)
        self.assertEqual(len(sms), 1)
        self.assertIn("has been delivered", sms.body)
        mail = order.message_ids.filtered(
            lambda m: "has been delivered" in (m.subject or "")
        )
        self.assertEqual(mail.partner_ids, self.customer)
        steps = order._multistore_timeline()
        self.assertEqual(steps[-1]["label"], "Delivered")
        self.assertTrue(steps[-1]["done"])
        self.assertEqual(steps[-1]["date"], order.delivered_date)

    def test_timeline_waits_for_delivery(self):
        order = self._shipped_order()
        steps = order._multistore_timeline()
        self.assertEqual([s["done"] for s in steps[-2:]], [True, False])

    def test_not_shipped_is_refused(self):
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        with self.assertRaises(UserError) as caught:
            order.with_user(self.staff_o).action_multistore_confirm_delivery()
        self.assertIn("only a shipped online order", str(caught.exception))
        self.assertEqual(order.fulfilment_state, "preparing")
        self.assertFalse(order.delivered_date)

    def test_twice_is_refused(self):
        order = self._shipped_order()
        order.with_user(self.staff_o).action_multistore_confirm_delivery()
        date = order.delivered_date
        with self.assertRaises(UserError):
            order.with_user(self.staff_o).action_multistore_confirm_delivery()
        self.assertEqual(order.delivered_date, date)

    def test_another_stores_staff_cannot_confirm(self):
        # Store B's staff do not see the online store's order.
        order = self._shipped_order()
        with self.assertRaises(AccessError):
            order.with_user(self.staff_b).action_multistore_confirm_delivery()
        self.assertEqual(order.fulfilment_state, "shipped")

    def test_state_is_not_written_directly(self):
        order = self._shipped_order()
        with self.assertRaises(UserError):
            order.with_user(self.staff_o).write({"fulfilment_state": "delivered"})
        with self.assertRaises(UserError):
            order.with_user(self.staff_o).write({"delivered_date": "2026-01-01"})
        self.assertEqual(order.fulfilment_state, "shipped")
        self.assertFalse(order.delivered_date)

    def test_goods_received_hook_once(self):
        calls = []
        order = self._shipped_order()
        original = type(order)._multistore_goods_received

        def spy(records):
            calls.extend(records.ids)
            return original(records)

        self.patch(type(order), "_multistore_goods_received", spy)
        order.with_user(self.staff_o).action_multistore_confirm_delivery()
        self.assertEqual(calls, order.ids)
