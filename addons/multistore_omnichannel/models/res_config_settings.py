from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sale_order import DEFAULT_PICKUP_HOLD_DAYS

HOLD_DAYS_PARAM = "multistore_omnichannel.pickup_hold_days"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_pickup_hold_days = fields.Integer(
        string="Hold Pickup Orders (days)",
        config_parameter=HOLD_DAYS_PARAM,
        default=DEFAULT_PICKUP_HOLD_DAYS,
        help="Days a click & collect order waits at the store once ready; "
        "uncollected orders are then cancelled and their goods released.",
    )

    @api.constrains("multistore_pickup_hold_days")
    def _check_multistore_pickup_hold_days(self):
        for settings in self:
            if settings.multistore_pickup_hold_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Pickup orders are held %(days)s days: enter a number of "
                        "days above 0 (%(default)s by default).",
                        days=settings.multistore_pickup_hold_days,
                        default=DEFAULT_PICKUP_HOLD_DAYS,
                    )
                )

    @api.model
    def _multistore_pickup_hold_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(HOLD_DAYS_PARAM)
        try:
            days = int(value)
        except (TypeError, ValueError):
            return DEFAULT_PICKUP_HOLD_DAYS
        return days if days > 0 else DEFAULT_PICKUP_HOLD_DAYS
