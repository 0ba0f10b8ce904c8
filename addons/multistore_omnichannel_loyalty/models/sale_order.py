from datetime import timedelta

from odoo import api, fields, models

PRIORITIES = [("0", "Normal"), ("1", "Priority")]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    multistore_priority = fields.Selection(
        PRIORITIES,
        string="Preparation Priority",
        default="0",
        readonly=True,
        copy=False,
        index=True,
        help="Set when the online order is routed: orders of members of a "
        "tier prepared first and of frequent customers come first in the "
        "stores' queues.",
    )
    multistore_priority_reason = fields.Char(
        string="Priority Reason",
        readonly=True,
        copy=False,
        help="Why the order is prepared first.",
    )

    @api.model
    def _multistore_workflow_field_names(self):
        # Set by routing only.
        return super()._multistore_workflow_field_names() | {
            "multistore_priority",
            "multistore_priority_reason",
        }

    def action_confirm(self):
        res = super().action_confirm()
        self.filtered(
            lambda o: o.multistore_priority == "1"
        )._multistore_star_pickings()
        return res

    def _multistore_apply_route(self, routes, transfers):
        """Routing also decides whether the order is prepared first (and the
        promised date, before the deliveries are planned from it)."""
        res = super()._multistore_apply_route(routes, transfers)
        self._multistore_apply_priority()
        return res

    def _multistore_apply_priority(self):
        self.ensure_one()
        # The member's tier and orders are chain-wide facts, read whoever
        # confirms (staff of the online store).
        customer = self.partner_id.commercial_partner_id.sudo()
        tier = customer.multistore_tier_id
        reasons = []
        if tier.online_priority:
            reasons.append(self.env._("%(tier)s member", tier=tier.name))
        if customer._multistore_is_frequent_customer():
            reasons.append(self.env._("Frequent customer"))
        vals = {
            "multistore_priority": "1" if reasons else "0",
            "multistore_priority_reason": ", ".join(reasons) or False,
        }
        if tier.online_priority and tier.online_lead_days:
            promised = fields.Datetime.now() + timedelta(days=tier.online_lead_days)
            usual = self.commitment_date or self.expected_date
            if usual and promised < usual:
                vals["commitment_date"] = promised
        # Workflow fields, closed to direct writes: routing writes them.
        self.sudo().write(vals)

    def _multistore_star_pickings(self):
        """Star the open transfers of priority orders: they come first in the
        stores' queues (pickings are ordered by priority) and are reserved
        first."""
        # The deliveries belong to the stores routing chose, which the user
        # confirming (online store staff) may not write: as superuser.
        pickings = self.sudo().picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel") and p.priority != "1"
        )
        if pickings:
            pickings.write({"priority": "1"})
