from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_care_birthday_channel = fields.Selection(
        related="company_id.multistore_care_birthday_channel", readonly=False
    )
    multistore_care_anniversary_channel = fields.Selection(
        related="company_id.multistore_care_anniversary_channel", readonly=False
    )
    multistore_vip_tier_id = fields.Many2one(
        related="company_id.multistore_vip_tier_id", readonly=False
    )
    multistore_vip_top_n = fields.Integer(
        related="company_id.multistore_vip_top_n", readonly=False
    )
