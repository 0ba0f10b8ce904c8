from odoo import api, models
from odoo.exceptions import ValidationError

# System parameters of the reports that hold a number of days, and the most
# days each may hold (ten years).
DAYS_PARAMS = (
    "multistore_reports.best_seller_days",
    "multistore_reports.slow_moving_days",
    "multistore_reports.dead_stock_days",
)
MAX_DAYS = 3650


class IrConfigParameter(models.Model):
    """The reports read their periods from system parameters with ``int()``:
    text there would break every read of the best sellers or the slow stock
    report. Such a value is refused when it is saved."""

    _inherit = "ir.config_parameter"

    @api.constrains("key", "value")
    def _check_multistore_report_days(self):
        for param in self:
            if param.key not in DAYS_PARAMS:
                continue
            value = (param.value or "").strip()
            if not value.isdigit() or not 1 <= int(value) <= MAX_DAYS:
                raise ValidationError(
                    self.env._(
                        "%(key)s is a number of days: enter a whole number from "
                        "1 to %(max)s (not %(value)s).",
                        key=param.key,
                        max=MAX_DAYS,
                        value=(param.value or "")[:40],
                    )
                )
