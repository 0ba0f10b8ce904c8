from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Fields only the server sets: the service level and its clock.
SLA_FIELDS = (
    "sla_id",
    "sla_answer_deadline",
    "sla_deadline",
    "sla_answer_date",
    "sla_breached",
)


class HelpdeskTicket(models.Model):
    """A customer's ticket, handled by one store and linked to its order.

    ``store_id`` is the store that handles the ticket: the store of the
    linked order, else the store of the team the ticket came in through
    (e-mail alias, portal), else the user's current store. The store rule
    (security/multistore_helpdesk_security.xml) limits store staff to the
    tickets of their stores, and multistore_base checks the store of the new
    value at create and write. Not built on ``multistore.store.mixin``: its
    default would stop the store from following the order.
    """

    _inherit = "helpdesk.ticket"
    _multistore_workflow_fields = SLA_FIELDS

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        help="The store that handles the ticket: the store of the linked order, "
        "else the store of the team, else your current store.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="commercial_partner_id and "
        "[('partner_id', 'child_of', commercial_partner_id)] or []",
        help="The online or back-office order the customer calls about.",
    )
    pos_order_id = fields.Many2one(
        "pos.order",
        string="Till Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="commercial_partner_id and "
        "[('partner_id', 'child_of', commercial_partner_id)] or []",
        help="The till receipt the customer calls about.",
    )
    partner_vip = fields.Boolean(
        string="VIP",
        compute="_compute_partner_vip",
        help="The customer is a VIP: the ticket got the top priority.",
    )
    sla_id = fields.Many2one(
        "multistore.helpdesk.sla",
        string="Service Level",
        compute="_compute_sla_id",
        store=True,
        help="The service level of the ticket's priority.",
    )
    sla_answer_deadline = fields.Datetime(
        string="Answer Deadline",
        compute="_compute_sla_deadlines",
        store=True,
        help="The customer gets a first answer before this time.",
    )
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_sla_deadlines",
        store=True,
        index="btree_not_null",
        help="The ticket is closed before this time.",
    )
    sla_answer_date = fields.Datetime(
        string="First Answer",
        readonly=True,
        copy=False,
        help="When the team first wrote to the customer (not internal notes).",
    )
    sla_breached = fields.Boolean(
        string="SLA Breached",
        compute="_compute_sla_breached",
        store=True,
        help="The first answer or the closing came (or is still missing) after "
        "its deadline. Checked again every hour for open tickets.",
    )

    @api.depends("sale_order_id", "pos_order_id")
    def _compute_store_id(self):
        for ticket in self:
            # sudo: only the store of an order the user may link (checked in
            # _multistore_check_orders_readable); a hidden order's store must
            # still be found so that the store check refuses it.
            orders = ticket.sudo()
            order_store = orders.sale_order_id.store_id or orders.pos_order_id.store_id
            ticket.store_id = (
                order_store.with_env(self.env)
                or ticket.store_id
                or self.env.user.store_id
            )

    @api.depends("store_id")
    def _compute_team_id(self):
        """Route the ticket to its store's team.

        A team of another store is replaced by the store's team (or removed);
        a chain-wide team (without store) chosen for the ticket stays.
        """
        res = super()._compute_team_id()
        for ticket in self.filtered("store_id"):
            team = ticket.team_id
            if team.store_id == ticket.store_id or (team and not team.store_id):
                continue
            ticket.team_id = ticket._multistore_store_team()
        return res

    @api.depends("partner_id")
    def _compute_partner_vip(self):
        for ticket in self:
            ticket.partner_vip = bool(
                ticket.partner_id.multistore_vip
                or ticket.partner_id.commercial_partner_id.multistore_vip
            )

    @api.depends("priority", "company_id")
    def _compute_sla_id(self):
        Sla = self.env["multistore.helpdesk.sla"]
        for ticket in self:
            ticket.sla_id = Sla._sla_for(ticket.priority, ticket.company_id)

    @api.depends("create_date", "sla_id.hours_to_answer", "sla_id.hours_to_close")
    def _compute_sla_deadlines(self):
        for ticket in self:
            start = ticket.create_date or fields.Datetime.now()
            sla = ticket.sla_id
            ticket.sla_answer_deadline = (
                start + timedelta(hours=sla.hours_to_answer) if sla else False
            )
            ticket.sla_deadline = (
                start + timedelta(hours=sla.hours_to_close) if sla else False
            )

    @api.depends(
        "sla_answer_deadline",
        "sla_deadline",
        "sla_answer_date",
        "closed_date",
        "stage_id.closed",
    )
    def _compute_sla_breached(self):
        now = fields.Datetime.now()
        for ticket in self:
            end = ticket.closed_date if ticket.stage_id.closed else None
            end = end or now
            answered = ticket.sla_answer_date or end
            ticket.sla_breached = bool(
                (ticket.sla_deadline and end > ticket.sla_deadline)
                or (
                    ticket.sla_answer_deadline and answered > ticket.sla_answer_deadline
                )
            )

    @api.constrains("store_id", "team_id")
    def _check_team_store(self):
        for ticket in self:
            team_store = ticket.team_id.store_id
            if ticket.store_id and team_store and team_store != ticket.store_id:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s serves store %(team_store)s, not %(store)s: "
                        "choose a team of %(store)s or a team without store.",
                        team=ticket.team_id.display_name,
                        team_store=team_store.display_name,
                        store=ticket.store_id.display_name,
                    )
                )

    @api.onchange("sale_order_id", "pos_order_id")
    def _onchange_order_partner(self):
        order = self.sale_order_id or self.pos_order_id
        if order.partner_id and not self.partner_id:
            self.partner_id = order.partner_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._multistore_prepare_vals(vals)
        tickets = super().create(vals_list)
        tickets._multistore_check_orders_readable()
        return tickets

    def write(self, vals):
        res = super().write(vals)
        if "sale_order_id" in vals or "pos_order_id" in vals:
            self._multistore_check_orders_readable()
        return res

    def _message_post_after_hook(self, message, msg_vals):
        """The first message of the team to the customer answers the ticket."""
        res = super()._message_post_after_hook(message, msg_vals)
        subtype = message.sudo().subtype_id
        author_users = message.sudo().author_id.user_ids
        if (
            subtype
            and not subtype.internal
            and author_users
            and not all(author_users.mapped("share"))
        ):
            unanswered = self.filtered(lambda ticket: not ticket.sla_answer_date)
            # sudo: the answer time is set by the server only (workflow field).
            unanswered.sudo().write({"sla_answer_date": message.date})
        return res

    @api.model
    def _cron_check_sla(self):
        """Mark open tickets whose deadline passed since their last change."""
        now = fields.Datetime.now()
        tickets = self.search(
            [
                ("sla_breached", "=", False),
                ("stage_id.closed", "=", False),
                "|",
                ("sla_deadline", "<", now),
                "&",
                ("sla_answer_date", "=", False),
                ("sla_answer_deadline", "<", now),
            ]
        )
        self.env.add_to_compute(self._fields["sla_breached"], tickets)
        tickets.flush_recordset(["sla_breached"])
        return tickets

    def _multistore_prepare_vals(self, vals):
        """Complete new ticket values: the store of the team, the VIP priority.

        A team is kept only when it serves the ticket's store (or no store):
        otherwise the ticket is routed to its store's team.
        """
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id"))
        store_id = vals.get("store_id") or self._multistore_order_store(vals).id
        if not store_id and team.store_id:
            vals["store_id"] = team.store_id.id
        elif store_id and team.store_id and team.store_id.id != store_id:
            del vals["team_id"]
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            least = partner._multistore_helpdesk_priority()
            priority = vals.get("priority") or self.default_get(["priority"]).get(
                "priority", "0"
            )
            if least and least > priority:
                vals["priority"] = least

    @api.model
    def _multistore_order_store(self, vals):
        """The store of the order in new ticket values (empty if none)."""
        # sudo: only the store, to route the ticket; the order itself is
        # checked readable by _multistore_check_orders_readable.
        sale_order = self.env["sale.order"].sudo().browse(vals.get("sale_order_id"))
        pos_order = self.env["pos.order"].sudo().browse(vals.get("pos_order_id"))
        return (sale_order.store_id or pos_order.store_id).with_env(self.env)

    def _multistore_check_orders_readable(self):
        """A ticket links only orders the user may read (their stores')."""
        if self.env.su:
            return
        self.sale_order_id.check_access("read")
        self.pos_order_id.check_access("read")

    def _multistore_store_team(self):
        """The team of the ticket's store (empty if the store has none)."""
        self.ensure_one()
        return self.env["helpdesk.ticket.team"].search(
            [
                ("store_id", "=", self.store_id.id),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
