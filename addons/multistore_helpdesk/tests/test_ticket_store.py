from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MultistoreHelpdeskCommon


@tagged("post_install", "-at_install")
class TestTicketStore(MultistoreHelpdeskCommon):
    """The store that handles a ticket, and its team."""

    def test_store_from_sale_order(self):
        # The chain manager works in store A; the order is store B's.
        ticket = self._create_ticket(
            self.chain_manager, sale_order_id=self.sale_order_b.id
        )
        self.assertEqual(ticket.store_id, self.store_b)
        self.assertEqual(ticket.team_id, self.team_b)

    def test_store_from_pos_order(self):
        ticket = self._create_ticket(
            self.chain_manager, pos_order_id=self.pos_order_b.id
        )
        self.assertEqual(ticket.store_id, self.store_b)

    def test_store_follows_order_change(self):
        ticket = self._create_ticket(self.chain_manager)
        self.assertEqual(ticket.store_id, self.store_a)
        ticket.sale_order_id = self.sale_order_b
        self.assertEqual(ticket.store_id, self.store_b)
        self.assertEqual(ticket.team_id, self.team_b)

    def test_store_default_current_store(self):
        ticket = self._create_ticket(self.staff_a)
        self.assertEqual(ticket.store_id, self.store_a)
        self.assertEqual(ticket.team_id, self.team_a)

    def test_store_from_team_alias(self):
        """A ticket that comes in through a team's alias (no user's store)."""
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .create(
                {
                    "name": "Mail",
                    "description": "<p>Hello</p>",
                    "team_id": self.team_b.id,
                }
            )
        )
        self.assertEqual(ticket.store_id, self.store_b)

    def test_routed_to_store_team(self):
        ticket = self._create_ticket(self.chain_manager, team_id=self.team_b.id)
        self.assertEqual(ticket.store_id, self.store_b, "store of the chosen team")
        # Store A (the user's), so the team of another store is replaced.
        ticket = self._create_ticket(
            self.chain_manager, store_id=self.store_a.id, team_id=self.team_b.id
        )
        self.assertEqual(ticket.team_id, self.team_a)
        # A chain-wide team chosen for the ticket stays.
        chain = self._create_ticket(self.chain_manager, team_id=self.team_chain.id)
        self.assertEqual(chain.team_id, self.team_chain)
        # Moving the ticket to store B routes it to store B's team.
        ticket.store_id = self.store_b
        self.assertEqual(ticket.team_id, self.team_b)
        # A team of another store is refused when chosen by hand.
        with self.assertRaises(ValidationError), self.cr.savepoint():
            ticket.team_id = self.team_a

    def test_order_domain_is_the_customers(self):
        field = self.env["helpdesk.ticket"]._fields["sale_order_id"]
        self.assertIn("commercial_partner_id", field.domain)

    def test_onchange_order_sets_customer(self):
        ticket = self.env["helpdesk.ticket"].new({"sale_order_id": self.sale_order_a})
        ticket._onchange_order_partner()
        self.assertEqual(ticket.partner_id, self.customer)
