import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)


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

    @api.model
    def _multistore_setting(self, name):
        """The value of setting ``name``, a field bound to a system parameter.

        The parameter when it is set, else the field's default: the settings
        screen and the code read the same value, and the default is written
        once, on the field.
        """
        field = self._fields[name]
        default = field.default(self) if field.default else False
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(field.config_parameter, default)
        )
        convert = {"integer": int, "float": float}.get(field.type)
        if not convert:
            return value
        try:
            return convert(value)
        except (TypeError, ValueError):
            _logger.warning(
                "System parameter %s is %r, not a number: using %r",
                field.config_parameter,
                value,
                default,
            )
            return default
