from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, ValidationError

MULTISTORE_GROUP_XMLIDS = (
    "multistore_base.group_store_user",
    "multistore_base.group_store_manager",
    "multistore_base.group_chain_manager",
)
# Keys of res.users.write() values that may change what multistore audits.
# The user form writes group membership through reified ``in_group_*`` and
# ``sel_groups_*`` fields that base turns into ``groups_id`` further down.
AUDITED_PREFIXES = ("store_ids", "store_id", "groups_id", "in_group_", "sel_groups_")


class ResUsers(models.Model):
    _inherit = "res.users"

    store_ids = fields.Many2many(
        "multistore.store",
        "multistore_store_res_users_rel",
        "user_id",
        "store_id",
        string="Allowed Stores",
        help="Stores whose documents the user may see and work on.",
    )
    store_id = fields.Many2one(
        "multistore.store",
        string="Current Store",
        domain="[('id', 'in', store_ids)]",
        help="New documents are created in this store.",
    )

    def _load_pos_data(self, data):
        """Tell the till whether its user is a store manager, who may set
        other prices (``pos.order._multistore_check_till_prices``) and, with
        multistore_pricing, go above the store's discount limit."""
        result = super()._load_pos_data(data)
        is_manager = self.env.user.has_group("multistore_base.group_store_manager")
        for user in result["data"]:
            user["multistore_store_manager"] = is_manager
        return result

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["store_ids", "store_id"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["store_id"]

    @api.constrains("store_id", "store_ids")
    def _check_store_id(self):
        for user in self:
            if user.store_id and user.store_id not in user.store_ids:
                raise ValidationError(
                    self.env._(
                        "%(store)s is not among the allowed stores of %(user)s: "
                        "add it to the allowed stores first or choose one of them.",
                        store=user.store_id.display_name,
                        user=user.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        empty = {"stores": "", "current_store": "", "groups": ""}
        audit = self.env["multistore.access.log"]
        after = audit._snapshot(users)
        audit._log_changes(dict.fromkeys(after, empty), after)
        return users

    def write(self, vals):
        if not any(key.startswith(AUDITED_PREFIXES) for key in vals):
            return super().write(vals)
        audit = self.env["multistore.access.log"]
        before = audit._snapshot(self)
        res = super().write(vals)
        audit._log_changes(before, audit._snapshot(self))
        return res

    def _get_invalidation_fields(self):
        # Record rules read user.store_ids: a change must drop cached domains.
        return super()._get_invalidation_fields() | {"store_ids"}

    @api.model
    def _multistore_groups(self):
        # Tolerates groups not created yet (while the module installs).
        groups = self.env["res.groups"]
        for xmlid in MULTISTORE_GROUP_XMLIDS:
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or groups
        return groups

    def _is_store_restricted(self):
        """Whether record rules limit this user to their allowed stores.

        Store staff and store managers are; chain managers and users outside
        the multistore roles (accountants, portal customers...) are not.
        """
        self.ensure_one()
        if not self.id:
            return self._multistore_restricted_by_groups()
        # The till asks it some twenty times per order: the ormcache below,
        # looked up without the argument binding of its decorator (a tenth
        # of the Python calls; same cache, same entries, same clearing).
        return type(self)._multistore_is_restricted_uid.__cache__.lookup(None, self)

    @tools.ormcache("self.id")
    def _multistore_is_restricted_uid(self):
        """Cached per user like Odoo's own ``_get_group_ids``, and cleared by
        the same writes (users' groups, groups' users and implied groups)."""
        return self._multistore_restricted_by_groups()

    def _multistore_restricted_by_groups(self):
        return self._has_group(
            "multistore_base.group_store_user"
        ) and not self._has_group("multistore_base.group_chain_manager")

    def action_switch_store(self, store_id):
        """Make ``store_id`` the current store of the user (from the systray).

        A user switches their own current store, to one of their allowed
        stores; changing another user's stores is done on the user form.
        """
        self.ensure_one()
        if self != self.env.user and not self.env.su:
            raise AccessError(
                self.env._(
                    "You can switch only your own current store, not the one of "
                    "%(user)s.",
                    user=self.sudo().name,
                )
            )
        if isinstance(store_id, bool) or not isinstance(store_id, int):
            raise ValidationError(
                self.env._("Choose a store from the list of your stores.")
            )
        if store_id not in self.store_ids.ids:
            raise AccessError(
                self.env._(
                    "This store is not one of your stores: choose one of %(stores)s.",
                    stores=", ".join(self.store_ids.mapped("display_name")) or "-",
                )
            )
        self.store_id = store_id
        return True
