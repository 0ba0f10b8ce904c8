from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_stockout_window_days = fields.Integer(
        string="Stock-out Window (days)",
        config_parameter="multistore_inventory.stockout_window_days",
        default=30,
        help="Days after a receipt in which the receiving store's sales count "
        "for the Stock-outs Avoided report.",
    )

    @api.constrains("multistore_stockout_window_days")
    def _check_multistore_stockout_window_days(self):
        for settings in self:
            if settings.multistore_stockout_window_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The stock-out window is %(days)s days: enter a number of "
                        "days above 0 (30 by default).",
                        days=settings.multistore_stockout_window_days,
                    )
                )
