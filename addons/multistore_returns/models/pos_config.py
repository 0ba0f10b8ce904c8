from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    multistore_return_reason_required = fields.Boolean(
        string="Refunds Need a Reason",
        compute="_compute_multistore_return_reason_required",
        help="The chain's setting (Settings, block Returns), for the till: a "
        "refund asks for its reason before payment.",
    )

    def _compute_multistore_return_reason_required(self):
        required = self.env["multistore.return.policy"]._till_reason_required()
        for config in self:
            config.multistore_return_reason_required = required
