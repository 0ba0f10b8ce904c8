from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_forecast_service_level = fields.Float(
        string="Service Level",
        config_parameter="multistore_forecast.service_level",
        default=0.95,
        digits=(16, 3),
        help="Share of replenishment cycles without a stock-out that the safety "
        "stock aims at (0.95 = 95%).",
    )
    multistore_forecast_lead_time_days = fields.Float(
        string="Lead Time (days)",
        config_parameter="multistore_forecast.lead_time_days",
        default=2.0,
        digits=(16, 1),
        help="Days from a replenishment order to its receipt: the suggested "
        "minimum covers them, and the chain planner leaves a store the demand "
        "of these days before it takes its surplus.",
    )
    multistore_forecast_review_days = fields.Float(
        string="Review Period (days)",
        config_parameter="multistore_forecast.review_period_days",
        default=7.0,
        digits=(16, 1),
        help="Days between two replenishment orders: the suggested maximum "
        "covers the lead time and the review period.",
    )

    @api.constrains(
        "multistore_forecast_service_level",
        "multistore_forecast_lead_time_days",
        "multistore_forecast_review_days",
    )
    def _check_multistore_forecast_settings(self):
        for settings in self:
            level = settings.multistore_forecast_service_level
            if not 0.5 <= level < 1:
                raise ValidationError(
                    self.env._(
                        "The forecast service level is %(level)s: enter a share "
                        "from 0.5 to below 1 (0.95 = 95%% of cycles without a "
                        "stock-out).",
                        level=level,
                    )
                )
            if (
                settings.multistore_forecast_lead_time_days <= 0
                or settings.multistore_forecast_review_days <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The forecast lead time (%(lead)s days) and review period "
                        "(%(review)s days) must be above 0 days.",
                        lead=settings.multistore_forecast_lead_time_days,
                        review=settings.multistore_forecast_review_days,
                    )
                )
