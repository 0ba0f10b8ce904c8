from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistoreHelpdeskCommon


@tagged("post_install", "-at_install")
class TestTicketAccess(MultistoreHelpdeskCommon):
    """Store staff work the tickets of their stores only, as a hostile
    client calling the server would try."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_ticket(store_id=cls.store_a.id, name="Ticket A")
        cls.ticket_b = cls._create_ticket(store_id=cls.store_b.id, name="Ticket B")
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _count(self):
        return self.Ticket.sudo().with_context(active_test=False).search_count([])

    def test_helpdesk_groups_granted_by_store_roles(self):
        for user in (self.staff_a, self.manager_a):
            self.assertTrue(user.has_group("helpdesk_mgmt.group_helpdesk_user"))
            self.assertFalse(user.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertTrue(
            self.chain_manager.has_group("helpdesk_mgmt.group_helpdesk_manager")
        )

    def test_staff_reads_and_searches_own_store_only(self):
        for user in (self.staff_a, self.manager_a):
            Ticket = self.Ticket.with_user(user)
            found = Ticket.search([("id", "in", (self.ticket_a | self.ticket_b).ids)])
            self.assertEqual(found, self.ticket_a)
            self.assertFalse(Ticket.search([("name", "=", "Ticket B")]))
            with self.assertRaises(AccessError):
                self.ticket_b.with_user(user).read(["name"])
            self.env.invalidate_all()

    def test_staff_read_group_own_store_only(self):
        groups = self.Ticket.with_user(self.staff_a).read_group(
            [("id", "in", (self.ticket_a | self.ticket_b).ids)],
            ["store_id"],
            ["store_id"],
        )
        self.assertEqual(
            [(g["store_id"][0], g["store_id_count"]) for g in groups],
            [(self.store_a.id, 1)],
        )

    def test_staff_cannot_write_other_store(self):
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.ticket_b.with_user(self.staff_a).write({"name": "Hacked"})
        self.env.invalidate_all()
        self.assertEqual(self.ticket_b.name, "Ticket B")

    def test_staff_cannot_create_in_other_store(self):
        before = self._count()
        with self.assertRaises(AccessError), self.cr.savepoint():
            self._create_ticket(self.staff_a, store_id=self.store_b.id)
        with self.assertRaises(AccessError), self.cr.savepoint():
            # The store of store B's order.
            self._create_ticket(self.staff_a, sale_order_id=self.sale_order_b.id)
        with self.assertRaises(AccessError), self.cr.savepoint():
            # Store A, but linked to store B's order.
            self._create_ticket(
                self.staff_a,
                store_id=self.store_a.id,
                sale_order_id=self.sale_order_b.id,
            )
        with self.assertRaises(AccessError), self.cr.savepoint():
            # Through the team of store B.
            self._create_ticket(self.staff_a, team_id=self.team_b.id)
        self.assertEqual(self._count(), before, "nothing written")

    def test_staff_cannot_move_ticket_to_other_store(self):
        ticket = self.ticket_a.with_user(self.staff_a)
        with self.assertRaises(AccessError), self.cr.savepoint():
            ticket.write({"store_id": self.store_b.id})
        with self.assertRaises(AccessError), self.cr.savepoint():
            ticket.write({"pos_order_id": self.pos_order_b.id})
        with self.assertRaises(AccessError), self.cr.savepoint():
            ticket.write({"store_id": False})
        self.env.invalidate_all()
        self.assertEqual(self.ticket_a.store_id, self.store_a)
        self.assertFalse(self.ticket_a.pos_order_id)

    def test_staff_cannot_delete(self):
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(self.staff_a).unlink()

    def test_store_of_both_stores_sees_both(self):
        self.staff_a.store_ids = [Command.link(self.store_b.id)]
        found = self.Ticket.with_user(self.staff_a).search(
            [("id", "in", (self.ticket_a | self.ticket_b).ids)]
        )
        self.assertEqual(found, self.ticket_a | self.ticket_b)

    def test_chain_manager_sees_all(self):
        Ticket = self.Ticket.with_user(self.chain_manager)
        found = Ticket.search([("id", "in", (self.ticket_a | self.ticket_b).ids)])
        self.assertEqual(found, self.ticket_a | self.ticket_b)
        self.ticket_b.with_user(self.chain_manager).write({"store_id": self.store_a.id})
        self.assertEqual(self.ticket_b.store_id, self.store_a)
