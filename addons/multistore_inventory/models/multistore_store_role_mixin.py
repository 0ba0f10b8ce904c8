from odoo import models
from odoo.exceptions import AccessError

STAFF_GROUP = "multistore_base.group_store_user"
MANAGER_GROUP = "multistore_base.group_store_manager"


class MultistoreStoreRoleMixin(models.AbstractModel):
    """Who may take a step of a store document.

    A step (approve, ship, count, post...) belongs to the staff or the
    manager of a store: the user needs the role (``_multistore_require_group``)
    and, when store-restricted, the store among their allowed stores. Record
    rules only say whether the user sees the document; a transfer is seen by
    both of its stores while only one of them may take each step.
    """

    _name = "multistore.store.role.mixin"
    _description = "Store Role Checks"

    def _check_store_role(self, stores, manager=False, action=None):
        """Raise AccessError unless the user may act for one of ``stores``."""
        self._multistore_require_group(
            MANAGER_GROUP if manager else STAFF_GROUP, action=action
        )
        user = self.env.user
        if self.env.su or not user._is_store_restricted():
            return
        if stores & user.store_ids:
            return
        role = self.env._("manager") if manager else self.env._("staff")
        raise AccessError(
            self.env._(
                "This step of %(name)s is for the %(role)s of %(store)s, which is "
                "not one of your stores.",
                name=", ".join(self.mapped("display_name")) or self._description,
                role=role,
                store=", ".join(stores.sudo().mapped("display_name")) or "-",
            )
        )
