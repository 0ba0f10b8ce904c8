from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"
# What a tier promises online orders: the chain's decision, not a store's.
ONLINE_FIELDS = ("online_priority", "online_lead_days")


class MultistoreLoyaltyTier(models.Model):
    _inherit = "multistore.loyalty.tier"

    online_priority = fields.Boolean(
        string="Online Orders Prepared First",
        help="Online orders of the members of this tier come first in the "
        "stores' queues (their deliveries are starred).",
    )
    online_lead_days = fields.Integer(
        string="Promised Delivery (days)",
        help="Online orders of the members of this tier are promised within "
        "this many days when that is sooner than the products' usual lead "
        "time. 0: the usual lead time.",
    )

    @api.constrains("online_lead_days")
    def _check_online_lead_days(self):
        for tier in self:
            if tier.online_lead_days < 0:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s promises delivery in %(days)s days: enter "
                        "0 or more days (0 keeps the usual lead time).",
                        tier=tier.name,
                        days=tier.online_lead_days,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_online_fields_access(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_online_fields_access(vals)
        return super().write(vals)

    def _check_online_fields_access(self, vals):
        """Only a chain manager changes what tiers promise online orders
        (the access rights of multistore_loyalty already keep tiers to them;
        this holds should another addon open tiers to more roles)."""
        names = [name for name in ONLINE_FIELDS if name in vals]
        if names:
            self._multistore_require_group(
                CHAIN_MANAGER_GROUP,
                action=self.env._(
                    "change %(fields)s of a member tier",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in names
                    ),
                ),
            )
