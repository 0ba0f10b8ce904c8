from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    """A team may serve one store: its tickets are routed to it.

    Teams stay chain-wide configuration (helpdesk managers edit them); the
    team of the online store is the online team.
    """

    _inherit = "helpdesk.ticket.team"

    store_id = fields.Many2one(
        "multistore.store",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="Tickets of this store are routed to this team. The team of the "
        "online store handles the online shop's customers.",
    )
