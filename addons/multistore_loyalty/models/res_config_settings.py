from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_point_value = fields.Float(
        related="company_id.multistore_point_value", readonly=False
    )
    multistore_points_expiry_months = fields.Integer(
        related="company_id.multistore_points_expiry_months", readonly=False
    )
    multistore_birthday_program_id = fields.Many2one(
        related="company_id.multistore_birthday_program_id", readonly=False
    )
