from odoo import api, models


class MultistoreReturnPolicy(models.AbstractModel):
    _inherit = "multistore.return.policy"

    @api.model
    def _extra_return_days(self, partner):
        """The extra days of the customer's tier today (tiers are a chain-wide
        fact of the member, read whoever makes the return: sudo())."""
        days = super()._extra_return_days(partner)
        tier = partner.commercial_partner_id.sudo().multistore_tier_id
        return days + tier.return_extra_days
