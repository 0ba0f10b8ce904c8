from odoo import fields, models


class MultistoreApiIntegration(models.Model):
    _inherit = "multistore.api.integration"

    webhook_ids = fields.One2many("multistore.api.webhook", "integration_id")
