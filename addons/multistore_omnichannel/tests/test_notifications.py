from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import OmnichannelCommon

MOBILE = "+86 138 0013 8000"


@tagged("post_install", "-at_install")
class TestCustomerNotifications(OmnichannelCommon, SMSCase):
    """The customer is told by email and SMS when the order is ready, shipped
    or released; the SMS gateway is mocked, the messages are built for real."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a.pickup_enabled = True
        cls.customer.mobile = MOBILE
        cls._set_stock(cls.store_a, 10)

    def _mails(self, order, text):
        return order.message_ids.filtered(
            lambda m: m.message_type != "sms" and text in (m.subject or "")
        )

    def _sms_to_customer(self, text):
        """The one SMS sent to the customer, containing ``text``."""
        sms = self._new_sms.filtered(
            lambda s: s.partner_id == self.customer and text in s.body
        )
        self.assertEqual(
            len(sms), 1, f"one SMS with {text!r}: {self._new_sms.mapped('body')}"
        )
        self.assertEqual(sms.number, MOBILE)
        return sms

    def test_ready_for_pickup(self):
        order = self._online_order([(self.product, 1)], pickup_store=self.store_a)
        order.action_confirm()
        with self.mockSMSGateway():
            self._deliveries(order).with_user(
                self.staff_a
            ).action_multistore_ready_for_pickup()
        sms = self._sms_to_customer(f"Pickup code {order.pickup_code}")
        self.assertIn("is ready at Store A", sms.body)
        mail = self._mails(order, "is ready at Store A")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.partner_ids, self.customer)

    def test_shipped_with_its_tracking_reference(self):
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        delivery = self._deliveries(order)
        delivery.move_ids.quantity = 1
        delivery.carrier_tracking_ref = "SF5550001"
        with self.mockSMSGateway():
            delivery.with_user(self.staff_a).button_validate()
        self._sms_to_customer("tracking SF5550001")
        mail = self._mails(order, "is on its way")
        self.assertEqual(len(mail), 1)
        self.assertIn("SF5550001", mail.body)
        self.assertEqual(mail.partner_ids, self.customer)

    def test_released(self):
        order = self._online_order([(self.product, 1)], pickup_store=self.store_a)
        order.action_confirm()
        with self.mockSMSGateway():
            self._deliveries(order).action_multistore_ready_for_pickup()
            with freeze_time(order.pickup_deadline + timedelta(hours=1)):
                self.env["sale.order"]._cron_release_uncollected()
        self._sms_to_customer("has been cancelled")
        self.assertEqual(len(self._mails(order, "was not collected")), 1)

    def test_no_sms_without_a_phone(self):
        self.customer.mobile = False
        order = self._online_order([(self.product, 1)], pickup_store=self.store_a)
        order.action_confirm()
        with self.mockSMSGateway():
            self._deliveries(order).action_multistore_ready_for_pickup()
        self.assertFalse(self._new_sms)
        self.assertEqual(len(self._mails(order, "is ready at")), 1)
