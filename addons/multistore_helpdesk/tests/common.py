from odoo.addons.multistore_base.tests.common import MultistorePosCommon


class MultistoreHelpdeskCommon(MultistorePosCommon):
    """Stores A and B with their tills, a helpdesk team each, a chain team,
    service levels of the test company, orders of both stores and a VIP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_a = Team.create(
            {
                "name": "Team A",
                "store_id": cls.store_a.id,
                "user_ids": [(6, 0, (cls.staff_a | cls.manager_a).ids)],
            }
        )
        cls.team_b = Team.create({"name": "Team B", "store_id": cls.store_b.id})
        cls.team_chain = Team.create({"name": "Complaints Office"})
        Sla = cls.env["multistore.helpdesk.sla"]
        cls.sla_top = Sla.create(
            {
                "priority": "3",
                "company_id": cls.env.company.id,
                "hours_to_answer": 1.0,
                "hours_to_close": 4.0,
            }
        )
        cls.sla_medium = Sla.create(
            {
                "priority": "1",
                "company_id": cls.env.company.id,
                "hours_to_answer": 8.0,
                "hours_to_close": 48.0,
            }
        )
        cls.sale_order_a = cls._create_sale_order(cls.store_a)
        cls.sale_order_b = cls._create_sale_order(cls.store_b)
        cls.pos_order_b = cls._create_pos_order(cls.session_b)
        cls.pos_order_b.partner_id = cls.customer
        cls.vip = cls.env["res.partner"].create({"name": "VIP Customer"})
        cls.vip.action_multistore_set_vip()

    @classmethod
    def _create_ticket(cls, user=None, **vals):
        Ticket = cls.env["helpdesk.ticket"]
        if user:
            Ticket = Ticket.with_user(user)
        return Ticket.create(
            {
                "name": "Broken teapot",
                "description": "<p>The lid is cracked.</p>",
                "partner_id": cls.customer.id,
                **vals,
            }
        )
