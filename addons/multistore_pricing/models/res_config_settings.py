from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_pricelist_id = fields.Many2one(
        related="company_id.multistore_pricelist_id", readonly=False
    )
