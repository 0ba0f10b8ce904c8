from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistorePrivacyCommon


@tagged("post_install", "-at_install")
class TestConsent(MultistorePrivacyCommon):
    def test_consent_is_the_latest_line_per_channel(self):
        self.assertTrue(self.member.multistore_consent_email)
        self.assertFalse(self.member.multistore_consent_sms)
        self.assertFalse(self.other.multistore_consent_email)
        wizard = (
            self.env["multistore.privacy.consent.wizard"]
            .with_user(self.staff_a)
            .with_context(default_partner_id=self.member.id)
            .create({"source": "till"})
        )
        self.assertTrue(wizard.email)
        wizard.write({"email": False, "sms": True})
        wizard.action_confirm()
        self.assertFalse(self.member.multistore_consent_email)
        self.assertTrue(self.member.multistore_consent_sms)
        line = self.member.multistore_consent_ids.filtered(
            lambda c: c.channel == "sms" and c.granted
        )
        self.assertEqual(line.user_id, self.staff_a)
        self.assertEqual(line.store_id, self.store_a)
        self.assertEqual(line.source, "till")
        # The history keeps the withdrawn email consent.
        self.assertEqual(
            len(
                self.member.multistore_consent_ids.filtered(
                    lambda c: c.channel == "email"
                )
            ),
            2,
        )

    def test_consent_log_cannot_be_changed(self):
        line = self.member.multistore_consent_ids[:1]
        for user in (self.staff_a, self.chain_manager):
            with self.assertRaises(AccessError):
                line.with_user(user).write({"granted": False})
            with self.assertRaises(AccessError):
                line.with_user(user).unlink()

    def test_who_and_when_are_forced(self):
        line = (
            self.env["multistore.privacy.consent"]
            .with_user(self.staff_a)
            .create(
                {
                    "partner_id": self.other.id,
                    "channel": "email",
                    "granted": True,
                    "user_id": self.chain_manager.id,
                    "date": "2001-01-01 00:00:00",
                }
            )
        )
        self.assertEqual(line.user_id, self.staff_a)
        self.assertGreater(line.date.year, 2001)

    def test_consent_in_another_store_is_refused(self):
        with self.assertRaises(AccessError):
            self.env["multistore.privacy.consent"].with_user(self.staff_a).create(
                {
                    "partner_id": self.other.id,
                    "channel": "email",
                    "granted": True,
                    "store_id": self.store_b.id,
                }
            )

    def _traces(self, mailing):
        return {
            trace.res_id: trace
            for trace in self.env["mailing.trace"].search(
                [("mass_mailing_id", "=", mailing.id)]
            )
        }

    def test_segment_mailing_reaches_only_consenting_customers(self):
        self.env["multistore.customer.store.fact"]._refresh_customer_facts()
        segment = self.env["multistore.customer.segment"].create(
            {"name": "Everyone", "store_id": False}
        )
        segment.action_export_mailing_list()
        contacts = segment.mailing_list_id.contact_ids
        self.assertEqual(contacts.mapped("email"), [self.member.email])
        # The list also gets the other customer by hand: the mailing still
        # skips them.
        other_contact = self.env["mailing.contact"].create(
            {
                "name": "Other",
                "email": self.other.email,
                "list_ids": [(4, segment.mailing_list_id.id)],
            }
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Spring offers",
                "body_html": "<p>Spring offers</p>",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [(6, 0, segment.mailing_list_id.ids)],
            }
        )
        mailing.action_send_mail()
        traces = self._traces(mailing)
        self.assertNotEqual(traces[contacts.id].trace_status, "cancel")
        self.assertEqual(traces[other_contact.id].trace_status, "cancel")
        self.assertEqual(traces[other_contact.id].failure_type, "mail_optout")

    def test_partner_mailing_respects_email_consent(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "News",
                "body_html": "<p>News</p>",
                "mailing_model_id": self.env.ref("base.model_res_partner").id,
                "mailing_domain": str([("id", "in", (self.member | self.other).ids)]),
            }
        )
        mailing.action_send_mail()
        traces = self._traces(mailing)
        self.assertNotEqual(traces[self.member.id].trace_status, "cancel")
        self.assertEqual(traces[self.other.id].trace_status, "cancel")

    def test_sms_mailing_respects_sms_consent(self):
        self.env["multistore.privacy.consent"].create(
            {"partner_id": self.other.id, "channel": "sms", "granted": True}
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "SMS News",
                "mailing_type": "sms",
                "body_plaintext": "News",
                "mailing_model_id": self.env.ref("base.model_res_partner").id,
                "mailing_domain": str([("id", "in", (self.member | self.other).ids)]),
            }
        )
        mailing.action_send_sms()
        traces = self._traces(mailing)
        # The member refused SMS, the other customer agreed.
        self.assertEqual(traces[self.member.id].trace_status, "cancel")
        self.assertEqual(traces[self.member.id].failure_type, "sms_optout")
        self.assertNotEqual(traces[self.other.id].trace_status, "cancel")
