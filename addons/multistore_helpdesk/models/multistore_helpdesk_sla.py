from odoo import api, fields, models


class MultistoreHelpdeskSla(models.Model):
    """How fast a ticket of a priority is answered and closed.

    One line per priority (helpdesk_mgmt's ``priority`` of the ticket), for
    one company or, without company, for every company; a company's own line
    wins. Hours are elapsed hours (the service answers every day): the
    deadline of a ticket is its creation time plus these hours.
    """

    _name = "multistore.helpdesk.sla"
    _description = "Helpdesk service level"
    _order = "priority desc, company_id"

    # The priorities of helpdesk_mgmt's ticket (its ``priority`` field).
    priority = fields.Selection(
        selection=[
            ("0", "Low"),
            ("1", "Medium"),
            ("2", "High"),
            ("3", "Very High"),
        ],
        required=True,
    )
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty for a service level of every company; a company's own "
        "line for the same priority wins.",
    )
    hours_to_answer = fields.Float(
        string="Hours to First Answer",
        required=True,
        help="Elapsed hours from the ticket's creation to the first reply to the "
        "customer.",
    )
    hours_to_close = fields.Float(
        string="Hours to Close",
        required=True,
        help="Elapsed hours from the ticket's creation to its closing stage.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "priority_company_uniq",
            "unique(priority, company_id)",
            (
                "This priority already has a service level for this company: edit "
                "that line instead."
            ),
        ),
        (
            "hours_positive",
            "CHECK(hours_to_answer > 0 AND hours_to_close > 0)",
            "Hours to first answer and to close must be more than zero.",
        ),
    ]

    @api.depends("priority", "company_id")
    def _compute_display_name(self):
        labels = dict(self._fields["priority"]._description_selection(self.env))
        for sla in self:
            sla.display_name = labels.get(sla.priority, sla.priority or "")

    @api.model_create_multi
    def create(self, vals_list):
        slas = super().create(vals_list)
        slas._recompute_open_tickets()
        return slas

    def write(self, vals):
        priorities = set(self.mapped("priority"))
        res = super().write(vals)
        if {"priority", "company_id", "active"} & set(vals):
            self._recompute_open_tickets(priorities)
        return res

    def unlink(self):
        priorities = set(self.mapped("priority"))
        res = super().unlink()
        self._recompute_open_tickets(priorities)
        return res

    def _recompute_open_tickets(self, priorities=()):
        """Give open tickets of these priorities their new service level."""
        priorities = set(priorities) | set(self.mapped("priority"))
        # sudo: a service level applies to the open tickets of every store.
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("priority", "in", list(priorities)),
                    ("stage_id.closed", "=", False),
                ]
            )
        )
        # The level and what follows from it: add_to_compute marks no dependents.
        for fname in ("sla_id", "sla_answer_deadline", "sla_deadline", "sla_breached"):
            self.env.add_to_compute(tickets._fields[fname], tickets)

    @api.model
    def _sla_for(self, priority, company):
        """The service level of ``priority`` in ``company`` (empty if none)."""
        lines = self.search(
            [("priority", "=", priority), ("company_id", "in", [company.id, False])]
        )
        return lines.filtered("company_id")[:1] or lines[:1]
