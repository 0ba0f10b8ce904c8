from odoo import fields, models


class MultistoreStore(models.Model):
    """The staff of a store: the users allowed to work in it.

    The relation is ``res.users.store_ids``; the store shows and edits it
    from its side, through the users, so that every change is audited and
    drops the cached record rules in one place (``res.users.write``).
    """

    # One concern of the model per file, on purpose (see multistore_store.py).
    _inherit = "multistore.store"  # pylint: disable=consider-merging-classes-inherited

    user_ids = fields.Many2many(
        "res.users",
        string="Staff",
        compute="_compute_user_ids",
        inverse="_inverse_user_ids",
        search="_search_user_ids",
        help="Users allowed to work in this store.",
    )
    user_count = fields.Integer(compute="_compute_user_ids", string="Staff Count")

    def _compute_user_ids(self):
        # The relation is owned by res.users.store_ids: read it from there so
        # that both sides show the same thing.
        users_by_store = {store.id: self.env["res.users"] for store in self}
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("store_ids", "in", self.ids)])
        )
        for user in users:
            for store in user.store_ids:
                if store.id in users_by_store:
                    users_by_store[store.id] |= user
        for store in self:
            store.user_ids = users_by_store.get(store.id, self.env["res.users"])
            store.user_count = len(store.user_ids)

    def _inverse_user_ids(self):
        # Every change of store assignments goes through res.users.write, the
        # one place that audits it and drops the cached record rules. Whoever
        # may edit the store (its manager, a chain manager) may staff it, but
        # has no right to write users in general: sudo() for this one field,
        # on these users only; the audit still names the real author.
        for store in self:
            current = (
                self.env["res.users"]
                .with_context(active_test=False)
                .search([("store_ids", "in", store.ids)])
            )
            added = (store.user_ids - current).sudo()
            removed = (current - store.user_ids).sudo()
            added.write({"store_ids": [fields.Command.link(store.id)]})
            for user in removed:
                vals = {"store_ids": [fields.Command.unlink(store.id)]}
                if user.store_id == store:
                    vals["store_id"] = False
                user.write(vals)

    def _search_user_ids(self, operator, value):
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("id", operator, value)])
        )
        return [("id", "in", users.store_ids.ids)]
