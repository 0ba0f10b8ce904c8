from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.sms.tests.common import SMSCase

from .common import MOBILE_MEI, MultistoreCareCommon

BIRTHDAY = date(2026, 3, 15)


@tagged("post_install", "-at_install")
class TestCareGreetings(MultistoreCareCommon, SMSCase):
    """Birthday and anniversary greetings: who, when, once, and what they
    say. Only the SMS gateway (IAP) is mocked; emails are mail.mail rows."""

    def _send(self, day=BIRTHDAY):
        with self.mockSMSGateway():
            messages = self.Message._send_care_messages(self.company, day)
        return messages

    def _mails(self, messages):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "multistore.care.message"),
                ("res_id", "in", messages.ids),
            ]
        )

    def _mail_to(self, partner):
        messages = self.Message.search([("partner_id", "=", partner.id)])
        mails = self._mails(messages)
        return mails.filtered(lambda m: partner in m.recipient_ids)

    def _sms_to(self, partner):
        return self._new_sms.filtered(lambda s: s.partner_id == partner)

    def test_birthdays_of_the_day(self):
        messages = self._send()
        self.assertEqual(
            set(messages.mapped("partner_id").ids),
            {self.mei.id, self.li.id, self.blocked.id},
            "born on 15 March, companies and other days left out",
        )
        self.assertEqual(set(messages.mapped("kind")), {"birthday"})
        self.assertEqual(set(messages.mapped("year")), {2026})
        mail = self._mail_to(self.mei)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, "Happy birthday from Harmony Tea House!")
        self.assertIn("Happy birthday", mail.body_html)
        self.assertIn("Mei", mail.body_html)
        self.assertIn("care@harmony.example.com", mail.email_from)
        sms = self._sms_to(self.mei)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, MOBILE_MEI)
        self.assertEqual(
            sms.body,
            "Harmony Tea House: Happy birthday, Mei! Thank you for shopping "
            "with us, we wish you a wonderful year.",
        )
        mei_log = messages.filtered(lambda m: m.partner_id == self.mei)
        self.assertEqual((mei_log.email_state, mei_log.sms_state), ("sent", "sent"))

    def test_sms_goes_through_the_gateway(self):
        with self.mockSMSGateway():
            self.Message._send_care_messages(self.company, BIRTHDAY)
            self._new_sms.filtered(lambda s: s.partner_id == self.mei)._send()
        self.assertEqual(len(self._sms), 1)
        self.assertEqual(self._sms[0]["number"], MOBILE_MEI)
        self.assertIn("Happy birthday, Mei!", self._sms[0]["body"])

    def test_not_twice(self):
        first = self._send()
        mails = self._mails(first)
        sms = self._new_sms
        self.assertTrue(mails and sms)
        again = self._send()
        self.assertFalse(again, "a second run of the day greets nobody")
        self.assertFalse(self._new_sms, "and queues no SMS")
        later = self.Message.search([("id", "not in", first.ids)])
        self.assertFalse(later)
        # Nor a later day of the same year (Feb 29 handling aside).
        self.assertFalse(
            self._send(date(2026, 3, 16)).filtered(
                lambda m: m.partner_id in (self.mei | self.li)
            )
        )
        # Next year again.
        self.assertIn(self.mei, self._send(date(2027, 3, 15)).partner_id)

    def test_cron_in_chain_time_zone(self):
        # 16:30 UTC on 14 March is 00:30 on 15 March in Shanghai.
        with freeze_time(datetime(2026, 3, 14, 16, 30)):
            self.assertEqual(self.Message._care_today(self.company), BIRTHDAY)
            with self.mockSMSGateway():
                self.Message._cron_send_care_messages()
                self.Message._cron_send_care_messages()
        greeted = self.Message.search([("kind", "=", "birthday")])
        self.assertEqual(
            set(greeted.partner_id.ids), {self.mei.id, self.li.id, self.blocked.id}
        )
        self.assertEqual(len(self._sms_to(self.mei)), 1, "cron run twice: one SMS")
        self.assertEqual(len(self._mail_to(self.mei)), 1, "cron run twice: one email")
        # Without a time zone on the company: the chain's, Shanghai.
        self.company.partner_id.tz = False
        with freeze_time(datetime(2026, 3, 14, 16, 30)):
            self.assertEqual(self.Message._care_today(self.company), BIRTHDAY)
        self.company.partner_id.tz = "Europe/London"
        with freeze_time(datetime(2026, 3, 14, 16, 30)):
            self.assertEqual(self.Message._care_today(self.company), date(2026, 3, 14))

    def test_blacklisted_customer_gets_nothing(self):
        messages = self._send()
        log = messages.filtered(lambda m: m.partner_id == self.blocked)
        self.assertEqual(len(log), 1)
        self.assertEqual((log.email_state, log.sms_state), ("opted_out", "opted_out"))
        self.assertFalse(self._mail_to(self.blocked))
        self.assertFalse(self._sms_to(self.blocked))

    def test_email_blacklist_only_blocks_email(self):
        self.env["mail.blacklist"].sudo()._add("mei@example.com")
        messages = self._send()
        log = messages.filtered(lambda m: m.partner_id == self.mei)
        self.assertEqual((log.email_state, log.sms_state), ("opted_out", "sent"))
        self.assertFalse(self._mail_to(self.mei))
        self.assertEqual(len(self._sms_to(self.mei)), 1)

    def test_no_address(self):
        self.mei.write({"email": False, "mobile": False})
        log = self._send().filtered(lambda m: m.partner_id == self.mei)
        self.assertEqual((log.email_state, log.sms_state), ("no_address", "no_address"))
        self.assertFalse(self._sms_to(self.mei))

    def test_channels_follow_the_settings(self):
        self.company.multistore_care_birthday_channel = "email"
        messages = self._send()
        self.assertTrue(self._mail_to(self.mei))
        self.assertFalse(self._new_sms)
        self.assertEqual(set(messages.mapped("sms_state")), {"off"})
        self.company.multistore_care_birthday_channel = "none"
        self.assertFalse(self._send(date(2027, 3, 15)))

    def test_february_29(self):
        # Common year: greeted on 28 February, once.
        messages = self._send(date(2027, 2, 28))
        self.assertEqual(messages.partner_id, self.leap)
        self.assertFalse(self._send(date(2027, 3, 1)))
        # Leap year: on 29 February, not the day before.
        self.assertFalse(self._send(date(2028, 2, 28)))
        self.assertEqual(self._send(date(2028, 2, 29)).partner_id, self.leap)

    def test_chinese_customer_in_chinese(self):
        self._send()
        mail = self._mail_to(self.li)
        self.assertEqual(mail.subject, "Harmony Tea House祝您生日快乐！")
        self.assertIn("生日快乐", mail.body_html)
        self.assertNotIn("Happy birthday", mail.body_html)
        sms = self._sms_to(self.li)
        self.assertIn("Li Na，祝您生日快乐！", sms.body)

    def _member(self, partner, joined_utc, program_type="loyalty"):
        program = self.env["loyalty.program"].create(
            {
                "name": f"Programme {program_type}",
                "program_type": program_type,
                "trigger": "auto" if program_type == "loyalty" else "with_code",
                "applies_on": "both" if program_type == "loyalty" else "current",
                "rule_ids": [Command.create({"reward_point_amount": 1})],
                "reward_ids": [Command.create({"required_points": 100})],
            }
        )
        card = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": partner.id, "points": 0}
        )
        self.env.cr.execute(
            "UPDATE loyalty_card SET create_date = %s WHERE id = %s",
            (joined_utc, card.id),
        )
        card.invalidate_recordset(["create_date"])
        return card

    def test_membership_anniversary(self):
        self.company.multistore_care_birthday_channel = "none"
        # 17:00 UTC on 14 March 2023 is 15 March 2023 in Shanghai.
        self._member(self.tomorrow, datetime(2023, 3, 14, 17, 0))
        # A later card does not move the day the member joined.
        self._member(self.tomorrow, datetime(2024, 6, 1, 2, 0))
        # A coupon is no membership.
        self._member(self.mei, datetime(2023, 3, 15, 2, 0), "coupons")
        # Joined today: no anniversary yet.
        self._member(self.li, datetime(2026, 3, 15, 2, 0))
        messages = self._send()
        self.assertEqual(messages.partner_id, self.tomorrow)
        self.assertEqual(messages.kind, "anniversary")
        self.assertEqual(messages.member_years, 3)
        mail = self._mail_to(self.tomorrow)
        self.assertEqual(
            mail.subject, "Happy membership anniversary from Harmony Tea House!"
        )
        self.assertIn("for 3 year(s)", mail.body_html)
        self.assertFalse(self._send(), "once a year")

    def test_log_is_closed_to_store_roles(self):
        messages = self._send()
        self.assertTrue(messages)
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.Message.with_user(user).search([])
        self.assertEqual(
            self.Message.with_user(self.chain_manager).search_count([]), len(messages)
        )
        with self.assertRaises(AccessError):
            messages[0].with_user(self.chain_manager).write({"year": 2030})
