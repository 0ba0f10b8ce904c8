from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    store_id = fields.Many2one(related="move_id.store_id", store=True, index=True)
