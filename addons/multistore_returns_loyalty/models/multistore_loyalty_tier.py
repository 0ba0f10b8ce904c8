from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"


class MultistoreLoyaltyTier(models.Model):
    """Worry-free returns (退货无忧): members of a tier may return their
    purchases some days longer than the chain's return policy allows."""

    _inherit = "multistore.loyalty.tier"

    return_extra_days = fields.Integer(
        string="Extra Return Days",
        default=0,
        help="Days added to the return window of every product for the "
        "members of this tier, at every till and in the back office. 0: the "
        "usual window.",
    )

    @api.constrains("return_extra_days")
    def _check_return_extra_days(self):
        for tier in self:
            if tier.return_extra_days < 0:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s adds %(days)s days to the return window: "
                        "enter 0 or more days (0 keeps the usual window).",
                        tier=tier.name,
                        days=tier.return_extra_days,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("return_extra_days"):
                self._check_return_days_access()
        return super().create(vals_list)

    def write(self, vals):
        if "return_extra_days" in vals:
            self._check_return_days_access()
        return super().write(vals)

    @api.model
    def _check_return_days_access(self):
        """Only a chain manager lengthens the return window of a tier (the
        access rights of multistore_loyalty already keep tiers to them; this
        holds should another addon open tiers to more roles)."""
        self._multistore_require_group(
            CHAIN_MANAGER_GROUP,
            action=self.env._("change the extra return days of a member tier"),
        )
