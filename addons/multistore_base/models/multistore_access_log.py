from odoo import api, fields, models

# The parts of a user's access that multistore audits.
AUDITED_KINDS = [
    ("stores", "Allowed stores"),
    ("current_store", "Current store"),
    ("groups", "Multistore role"),
]


class MultistoreAccessLog(models.Model):
    """Who changed which user's store access, when, from what to what.

    Written only by the ORM overrides of res.users (and the temporary grant
    cron through them); nobody edits or deletes an entry.
    """

    _name = "multistore.access.log"
    _description = "Store Access Audit Entry"
    _order = "date desc, id desc"
    _rec_name = "user_id"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    author_id = fields.Many2one(
        "res.users", string="Changed By", required=True, readonly=True
    )
    kind = fields.Selection(AUDITED_KINDS, required=True, readonly=True)
    value_before = fields.Char(string="Before", readonly=True)
    value_after = fields.Char(string="After", readonly=True)
    reason = fields.Char(readonly=True)

    @api.model
    def _snapshot(self, users):
        """Return {user_id: {kind: text}} for the audited parts of ``users``."""
        multistore_groups = self.env["res.users"]._multistore_groups()
        return {
            user.id: {
                "stores": ", ".join(sorted(user.store_ids.mapped("display_name"))),
                "current_store": user.store_id.display_name or "",
                "groups": ", ".join(
                    sorted((user.groups_id & multistore_groups).mapped("full_name"))
                ),
            }
            for user in users.sudo().with_context(active_test=False)
        }

    @api.model
    def _log_changes(self, before, after, reason=None):
        """Create one entry per user and audited part that changed."""
        vals_list = [
            {
                "user_id": user_id,
                "author_id": self.env.user.id,
                "kind": kind,
                "value_before": old[kind],
                "value_after": after[user_id][kind],
                "reason": reason or self.env.context.get("multistore_access_reason"),
            }
            for user_id, old in before.items()
            for kind, _label in AUDITED_KINDS
            if old[kind] != after[user_id][kind]
        ]
        # The author may be a store manager without rights on the audit
        # model: entries are written by the system on their behalf.
        return self.sudo().create(vals_list)
