from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MultistoreHelpdeskCommon


@tagged("post_install", "-at_install")
class TestTicketPrioritySla(MultistoreHelpdeskCommon):
    """VIP customers first; deadlines per priority; breaches."""

    def test_vip_gets_top_priority(self):
        ticket = self._create_ticket(self.staff_a, partner_id=self.vip.id, priority="1")
        self.assertEqual(ticket.priority, "3")
        self.assertTrue(ticket.partner_vip)
        normal = self._create_ticket(self.staff_a, priority="1")
        self.assertEqual(normal.priority, "1")
        self.assertFalse(normal.partner_vip)

    def test_contact_of_vip_company(self):
        company = self.env["res.partner"].create({"name": "VIP Co", "is_company": True})
        company.action_multistore_set_vip()
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": company.id}
        )
        ticket = self._create_ticket(self.staff_a, partner_id=contact.id)
        self.assertEqual(ticket.priority, "3")

    def test_vip_flag_set_by_store_managers(self):
        partner = self.env["res.partner"].create({"name": "Regular"})
        with self.assertRaises(AccessError):
            partner.with_user(self.staff_a).action_multistore_set_vip()
        with self.assertRaises(UserError), self.cr.savepoint():
            # Not a direct write, even by a chain manager.
            partner.with_user(self.chain_manager).write({"multistore_vip": True})
        self.assertFalse(partner.multistore_vip)
        partner.with_user(self.manager_a).action_multistore_set_vip()
        self.assertTrue(partner.multistore_vip)
        partner.with_user(self.manager_a).action_multistore_unset_vip()
        self.assertFalse(partner.multistore_vip)

    def test_sla_deadline_per_priority(self):
        vip_ticket = self._create_ticket(self.staff_a, partner_id=self.vip.id)
        self.assertEqual(vip_ticket.sla_id, self.sla_top, "company line wins")
        self.assertEqual(
            vip_ticket.sla_deadline, vip_ticket.create_date + timedelta(hours=4)
        )
        self.assertEqual(
            vip_ticket.sla_answer_deadline,
            vip_ticket.create_date + timedelta(hours=1),
        )
        normal = self._create_ticket(self.staff_a, priority="1")
        self.assertEqual(normal.sla_deadline, normal.create_date + timedelta(hours=48))
        # A priority without a company line takes the line of every company.
        low = self._create_ticket(self.staff_a, priority="0")
        self.assertEqual(low.sla_id, self.env.ref("multistore_helpdesk.sla_low"))
        # Raising the priority shortens the deadline.
        normal.priority = "3"
        self.assertEqual(normal.sla_deadline, normal.create_date + timedelta(hours=4))

    def test_breach_by_cron(self):
        late = self._create_ticket(self.staff_a, partner_id=self.vip.id)
        answered = self._create_ticket(self.staff_a, partner_id=self.vip.id)
        answered.with_user(self.staff_a).message_post(
            body="We send a new lid today.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(answered.sla_answer_date)
        noted = self._create_ticket(self.staff_a, partner_id=self.vip.id)
        noted.with_user(self.staff_a).message_post(
            body="Internal: check stock", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(noted.sla_answer_date, "an internal note is no answer")
        closed = self._create_ticket(self.staff_a, partner_id=self.vip.id)
        closed.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        tickets = late | answered | noted | closed
        self.assertFalse(any(tickets.mapped("sla_breached")))
        start = late.create_date
        # Two hours later: no answer to late and noted within the hour.
        with freeze_time(start + timedelta(hours=2)):
            self.env["helpdesk.ticket"]._cron_check_sla()
        self.assertTrue(late.sla_breached)
        self.assertTrue(noted.sla_breached)
        self.assertFalse(answered.sla_breached)
        self.assertFalse(closed.sla_breached, "closed in time")
        # Five hours later: answered but still open past the 4 hours to close.
        with freeze_time(start + timedelta(hours=5)):
            self.env["helpdesk.ticket"]._cron_check_sla()
        self.assertTrue(answered.sla_breached)
        self.assertFalse(closed.sla_breached)

    def test_sla_fields_server_only(self):
        ticket = self._create_ticket(self.staff_a, partner_id=self.vip.id)
        for vals in (
            {"sla_breached": True},
            {"sla_deadline": "2030-01-01 00:00:00"},
            {"sla_answer_date": "2020-01-01 00:00:00"},
        ):
            with self.assertRaises(UserError), self.cr.savepoint():
                ticket.with_user(self.staff_a).write(vals)
        self.assertFalse(ticket.sla_breached)
        self.assertFalse(ticket.sla_answer_date)

    def test_new_service_level_applies_to_open_tickets(self):
        high = self._create_ticket(self.staff_a, priority="2")
        self.assertEqual(high.sla_id, self.env.ref("multistore_helpdesk.sla_high"))
        sla = self.env["multistore.helpdesk.sla"].create(
            {
                "priority": "2",
                "company_id": self.env.company.id,
                "hours_to_answer": 2.0,
                "hours_to_close": 10.0,
            }
        )
        self.assertEqual(high.sla_id, sla)
        self.assertEqual(high.sla_deadline, high.create_date + timedelta(hours=10))
