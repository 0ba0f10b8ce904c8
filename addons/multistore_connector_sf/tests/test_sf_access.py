from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CHECK_WORD, SfCommon


@tagged("post_install", "-at_install")
class TestSfAccess(SfCommon):
    def test_other_store_cannot_read_book_or_track(self):
        _order, delivery = self._ready_delivery()
        self._book(delivery)
        booking = delivery.multistore_sf_booking_ids
        Booking = self.Booking.with_user(self.staff_b)
        self.assertFalse(Booking.search([]))
        self.assertFalse(
            self.env["multistore.connector.sf.route"].with_user(self.staff_b).search([])
        )
        with self.assertRaises(AccessError):
            booking.with_user(self.staff_b).read(["waybill_no"])
        with self.assertRaises(AccessError):
            booking.with_user(self.staff_b).action_track()
        with self.assertRaises(AccessError):
            delivery.with_user(self.staff_b).action_multistore_sf_book()
        with self.assertRaises(AccessError):
            delivery.with_user(self.staff_b).action_multistore_sf_track()
        # Store A's staff read and track their own.
        self.assertEqual(self.Booking.with_user(self.staff_a).search([]), booking)
        booking.with_user(self.staff_a).action_track()

    def test_bookings_are_not_writable(self):
        _order, delivery = self._ready_delivery()
        self._book(delivery)
        booking = delivery.multistore_sf_booking_ids
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                booking.with_user(user).write({"waybill_no": "SF000"})
            with self.assertRaises(AccessError):
                self.Booking.with_user(user).create(
                    {
                        "name": "X",
                        "account_id": self.account.id,
                        "picking_id": delivery.id,
                        "store_id": self.store_a.id,
                        "company_id": self.env.company.id,
                        "state": "booked",
                    }
                )

    def test_store_roles_cannot_read_the_account(self):
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.account.with_user(user).read(["partner_code"])
            Account = self.env["multistore.connector.sf.account"].with_user(user)
            with self.assertRaises(AccessError):
                Account.search([])
            with self.assertRaises(AccessError):
                self.account.with_user(user).write({"monthly_card": "1"})

    def test_check_word_is_never_shown_back(self):
        account = self.account.with_user(self.chain_manager)
        self.assertEqual(
            account.read(["monthly_card"])[0]["monthly_card"], "7551234567"
        )
        with self.assertRaises(AccessError):
            account.read(["check_word"])
        values = account.read(["check_word_input", "check_word_set"])[0]
        self.assertFalse(values["check_word_input"])
        self.assertTrue(values["check_word_set"])
        self.assertEqual(self.account.sudo().check_word, CHECK_WORD)
        # The chain manager changes it without ever reading it.
        account.check_word_input = "new-check-word"
        self.assertEqual(self.account.sudo().check_word, "new-check-word")
        self.assertNotIn(
            "new-check-word", "".join(self.account.message_ids.mapped("body"))
        )
