from odoo import api, fields, models
from odoo.exceptions import ValidationError

CARE_CHANNELS = [
    ("none", "Do not send"),
    ("email", "Email"),
    ("sms", "SMS"),
    ("both", "Email and SMS"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    multistore_care_birthday_channel = fields.Selection(
        CARE_CHANNELS,
        string="Birthday Greetings",
        required=True,
        default="both",
        help="How customers are greeted on their birthday (once a year, on "
        "the day in the chain's time zone).",
    )
    multistore_care_anniversary_channel = fields.Selection(
        CARE_CHANNELS,
        string="Membership Anniversary Greetings",
        required=True,
        default="both",
        help="How members are greeted on the anniversary of the day they "
        "joined (their first loyalty card).",
    )
    multistore_vip_tier_id = fields.Many2one(
        "multistore.loyalty.tier",
        string="VIP From Tier",
        check_company=True,
        help="Members of this tier or of a higher one (a higher yearly spend) "
        "are VIP customers of every store where they bought. Empty: tiers do "
        "not make VIPs.",
    )
    multistore_vip_top_n = fields.Integer(
        string="VIP: Top Spenders per Store",
        default=20,
        help="The customers who spent most in a store are VIP customers of that "
        "store. 0: spending does not make VIPs.",
    )

    @api.constrains("multistore_vip_top_n")
    def _check_multistore_vip_top_n(self):
        for company in self:
            if company.multistore_vip_top_n < 0:
                raise ValidationError(
                    self.env._(
                        "The number of top spenders per store cannot be negative "
                        "(company %(company)s): enter 0 to use tiers only.",
                        company=company.name,
                    )
                )
