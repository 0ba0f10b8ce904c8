from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .sale_order import BULK_UNITS_PARAM, DEFAULT_PICKUP_HOLD_DAYS

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
    multistore_bulk_order_units = fields.Integer(
        string="Bulk Orders: One Shipment From (units)",
        config_parameter=BULK_UNITS_PARAM,
        default=0,
        help="An online order of at least this many units that no store can "
        "ship whole leaves in one shipment: the store holding most of it ships "
        "it, the others send it what it lacks first. 0: off (such orders are "
        "split between stores).",
    )

    @api.constrains("multistore_pickup_hold_days", "multistore_bulk_order_units")
    def _check_multistore_omnichannel_settings(self):
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
            if settings.multistore_bulk_order_units < 0:
                raise ValidationError(
                    self.env._(
                        "Bulk orders start at %(units)s units: enter 0 (off) or "
                        "a number of units.",
                        units=settings.multistore_bulk_order_units,
                    )
                )

    @api.model
    def _multistore_pickup_hold_days(self):
        days = self._multistore_setting("multistore_pickup_hold_days")
        return days if days > 0 else DEFAULT_PICKUP_HOLD_DAYS
