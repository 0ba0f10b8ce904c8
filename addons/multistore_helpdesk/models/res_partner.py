from odoo import api, fields, models

from odoo.addons.multistore_base.models.base import STORE_MANAGER_GROUP

TOP_PRIORITY = "3"


class ResPartner(models.Model):
    _inherit = "res.partner"

    multistore_vip = fields.Boolean(
        string="VIP Customer",
        tracking=True,
        help="Tickets of a VIP customer get the top priority when they are "
        "created. Set by store managers.",
    )

    @api.model
    def _multistore_workflow_field_names(self):
        # Store managers set the flag through the buttons: they may not edit
        # customers otherwise (partner write is Sales' and Inventory's admins').
        return super()._multistore_workflow_field_names() | {"multistore_vip"}

    def action_multistore_set_vip(self):
        return self._multistore_set_vip(True)

    def action_multistore_unset_vip(self):
        return self._multistore_set_vip(False)

    def _multistore_set_vip(self, vip):
        self._multistore_require_group(
            STORE_MANAGER_GROUP, action=self.env._("mark a customer as VIP")
        )
        self.check_access("read")
        # sudo: customers are chain-wide and store managers may not edit
        # them; the role was checked above, the flag is all that is written.
        self.sudo().write({"multistore_vip": vip})
        return True

    def _multistore_helpdesk_priority(self):
        """The priority a new ticket of this customer gets at least ("" if none).

        A VIP customer (or a contact of a VIP company) gets the top priority.
        A later bridge (e.g. loyalty tiers) extends this with ``super()``.
        """
        self.ensure_one()
        if self.multistore_vip or self.commercial_partner_id.multistore_vip:
            return TOP_PRIORITY
        return ""
