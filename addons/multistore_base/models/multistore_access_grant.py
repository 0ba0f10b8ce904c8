from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MultistoreAccessGrant(models.Model):
    """Temporary access of a user to a store (holiday cover, an audit...).

    A scheduled action adds the store to the user's allowed stores when the
    grant starts and removes it when the grant ends, through res.users.write
    so that each step is audited like any other assignment.
    """

    _name = "multistore.access.grant"
    _description = "Temporary Store Access"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    # The scheduled action starts and ends grants; a user cancels them with
    # the button only (see models/base.py).
    _multistore_workflow_fields = ("state", "added_store")

    user_id = fields.Many2one("res.users", required=True, tracking=True, index=True)
    store_id = fields.Many2one(
        "multistore.store", required=True, tracking=True, index=True
    )
    date_from = fields.Datetime(
        string="From", required=True, default=fields.Datetime.now, tracking=True
    )
    date_to = fields.Datetime(string="To", required=True, tracking=True)
    reason = fields.Char()
    state = fields.Selection(
        [
            ("scheduled", "Scheduled"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("cancel", "Cancelled"),
        ],
        default="scheduled",
        required=True,
        readonly=True,
        tracking=True,
    )
    added_store = fields.Boolean(
        readonly=True,
        help="Technical: the grant added the store (the user did not have it "
        "before), so the store is removed again when the grant ends.",
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for grant in self:
            if grant.date_to <= grant.date_from:
                raise ValidationError(
                    self.env._(
                        "The temporary access of %(user)s ends before it starts: "
                        "set an end date after the start date.",
                        user=grant.user_id.name,
                    )
                )

    def action_cancel(self):
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("cancel temporary store access"),
        )
        self.check_access("write")
        self.filtered(lambda g: g.state == "active")._revoke()
        self.filtered(lambda g: g.state == "scheduled")._multistore_workflow_write(
            {"state": "cancel"}
        )

    @api.model
    def _cron_apply_grants(self):
        """Start the grants whose period began and end those whose period ended."""
        now = fields.Datetime.now()
        self.search([("state", "=", "active"), ("date_to", "<=", now)])._revoke()
        to_start = self.search(
            [
                ("state", "=", "scheduled"),
                ("date_from", "<=", now),
                ("date_to", ">", now),
            ]
        )
        to_start._apply()
        self.search(
            [("state", "=", "scheduled"), ("date_to", "<=", now)]
        )._multistore_workflow_write({"state": "expired"})

    def _apply(self):
        for grant in self:
            # The grant's author (the cron, a chain manager) may have no right
            # to write users: the store is added as superuser, on this user
            # only; the audit still names the author.
            user = grant.user_id.sudo()
            added_store = grant.store_id not in user.store_ids
            if added_store:
                user.with_context(
                    multistore_access_reason=self.env._(
                        "Temporary access from %(start)s",
                        start=fields.Datetime.to_string(grant.date_from),
                    )
                ).write({"store_ids": [fields.Command.link(grant.store_id.id)]})
            grant._multistore_workflow_write(
                {"added_store": added_store, "state": "active"}
            )

    def _revoke(self):
        for grant in self:
            # As in _apply: the store is removed as superuser, on this user only.
            user = grant.user_id.sudo()
            still_granted = self.search_count(
                [
                    ("id", "!=", grant.id),
                    ("user_id", "=", user.id),
                    ("store_id", "=", grant.store_id.id),
                    ("state", "=", "active"),
                ]
            )
            if grant.added_store and not still_granted:
                vals = {"store_ids": [fields.Command.unlink(grant.store_id.id)]}
                if user.store_id == grant.store_id:
                    vals["store_id"] = False
                user.with_context(
                    multistore_access_reason=self.env._(
                        "Temporary access ended at %(end)s",
                        end=fields.Datetime.to_string(grant.date_to),
                    )
                ).write(vals)
            grant._multistore_workflow_write(
                {
                    "state": "expired"
                    if grant.date_to <= fields.Datetime.now()
                    else "cancel"
                }
            )
