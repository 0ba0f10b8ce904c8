import logging
from datetime import timedelta

import numpy as np

from odoo import api, fields, models

from ..tools import forecast_engine, forecast_history

_logger = logging.getLogger(__name__)

BACKTEST_WEEKS = 4


class MultistoreForecast(models.Model):
    """Demand forecast of one product in one store, rebuilt by a daily cron.

    ``_run_forecast`` reads the daily sales of every product in every store
    (till orders and confirmed sales orders) and the declared demand events
    (``tools/forecast_history.py``), and hands the whole product x store
    matrix to the numpy engine in ``tools/forecast_engine.py`` (method
    described there). Each record keeps
    the forecast, its backtest against seasonal-naive (MASE) and the safety
    stock and suggested minimum / maximum the forecast implies.
    """

    _name = "multistore.forecast"
    _description = "Demand Forecast"
    _order = "store_id, product_id"
    _rec_name = "product_id"
    # The results feed the planner: only a forecast run writes them.
    _multistore_workflow_fields = (
        "method",
        "daily_forecast",
        "forecast_28d",
        "horizon_days",
        "residual_std",
        "adi",
        "backtested",
        "mase",
        "mase_naive",
        "mase_ratio",
        "service_level",
        "lead_time_days",
        "review_days",
        "safety_stock",
        "suggested_min",
        "suggested_max",
        "computed_at",
    )

    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True, ondelete="cascade"
    )
    store_id = fields.Many2one(
        "multistore.store", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="store_id.company_id", store=True, index=True, readonly=True
    )
    categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    method = fields.Selection(
        [
            ("seasonal", "Seasonal (level, trend, week, year)"),
            ("intermittent", "Intermittent (Croston-SBA)"),
        ],
        readonly=True,
        help="Seasonal: damped trend with day-of-week and yearly profiles. "
        "Intermittent: for items that do not sell every day (on average more "
        "than 1.32 days between two sales).",
    )
    daily_forecast = fields.Float(
        string="Daily Demand",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="sum",
        help="Average daily demand forecast over the horizon.",
    )
    forecast_28d = fields.Float(
        string="Demand Next 28 Days",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="sum",
    )
    horizon_days = fields.Integer(string="Horizon (days)", readonly=True)
    residual_std = fields.Float(
        string="Daily Error (std)",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="avg",
        help="Standard deviation of the daily forecast error; drives the safety stock.",
    )
    adi = fields.Float(
        string="Days Between Sales",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Average inter-demand interval over the last year (ADI).",
    )
    backtested = fields.Boolean(
        readonly=True,
        help="Whether the last four weeks of history could be backtested (the "
        "series has enough history and does not have a flat seasonal-naive "
        "error of zero).",
    )
    mase = fields.Float(
        string="MASE",
        digits=(16, 3),
        readonly=True,
        aggregator="avg",
        help="Mean absolute scaled error of this forecast on the last four "
        "weeks (scale: the in-sample error of repeating last week).",
    )
    mase_naive = fields.Float(
        string="MASE Seasonal-Naive",
        digits=(16, 3),
        readonly=True,
        aggregator="avg",
        help="The same error for seasonal-naive (last week repeated).",
    )
    mase_ratio = fields.Float(
        string="MASE Ratio",
        digits=(16, 3),
        readonly=True,
        aggregator="avg",
        help="MASE / MASE of seasonal-naive: below 1 the forecast beats "
        "seasonal-naive.",
    )
    service_level = fields.Float(digits=(16, 3), readonly=True, aggregator="avg")
    lead_time_days = fields.Float(
        string="Lead Time (days)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    review_days = fields.Float(
        string="Review Period (days)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    safety_stock = fields.Float(
        digits="Product Unit of Measure", readonly=True, aggregator="sum"
    )
    suggested_min = fields.Float(
        string="Suggested Minimum",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="sum",
        help="Demand over the lead time plus safety stock (reorder point).",
    )
    suggested_max = fields.Float(
        string="Suggested Maximum",
        digits="Product Unit of Measure",
        readonly=True,
        aggregator="sum",
        help="Demand over lead time and review period plus safety stock.",
    )
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "product_store_uniq",
            "unique(product_id, store_id)",
            "There is one forecast per product and store.",
        ),
    ]

    @api.model
    def action_run_forecast(self):
        """Rebuild every forecast now (chain managers, from the menu)."""
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("run the demand forecast"),
        )
        forecasts = self._run_forecast()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Demand forecast"),
                "message": self.env._(
                    "%(count)s product and store forecasts computed.",
                    count=len(forecasts),
                ),
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_run_forecast(self):
        self._run_forecast()

    @api.model
    def _run_forecast(self, stores=None, history_days=730, horizon=28):
        """Forecast every product sold in ``stores`` (default: every store).

        :return: the forecasts of those stores
        """
        stores = (
            stores if stores is not None else self.env["multistore.store"].search([])
        )
        horizon = max(int(horizon), 1)
        history_days = max(int(history_days), 1)
        # The history ends yesterday; each sale counts on its day in its
        # store's time zone (see ``forecast_history.sales_matrix``).
        today = fields.Date.context_today(self)
        first_day = today - timedelta(days=history_days)
        keys, sales = forecast_history.sales_matrix(self.env, stores, first_day, today)
        if not len(keys):
            self.search([("store_id", "in", stores.ids)]).unlink()
            return self.browse()
        uplift = forecast_history.uplift_matrix(
            self.env, keys, first_day, history_days + horizon
        )
        result = forecast_engine.forecast(
            sales,
            first_day,
            horizon,
            uplift=uplift,
            backtest_weeks=BACKTEST_WEEKS,
        )
        # The results are workflow fields that no user writes: the run writes
        # them as superuser, its caller (the cron, or action_run_forecast for
        # chain managers) having checked the role.
        return self.sudo()._save_results(stores, keys, result, horizon).sudo(False)

    # --- writing the results -------------------------------------------------------

    def _forecast_settings(self):
        """Service level, lead time and review period of the settings."""
        setting = self.env["res.config.settings"]._multistore_setting
        return {
            "service_level": setting("multistore_forecast_service_level"),
            "lead_time_days": setting("multistore_forecast_lead_time_days"),
            "review_days": setting("multistore_forecast_review_days"),
        }

    def _save_results(self, stores, keys, result, horizon):
        """Create, update and delete forecasts in one batch each.

        The results are workflow fields that no user writes: a run writes
        them as superuser (see ``_run_forecast``).
        """
        settings = self._forecast_settings()
        safety, low, high = forecast_engine.reorder_levels(
            result.forecast,
            result.sigma,
            settings["lead_time_days"],
            settings["review_days"],
            settings["service_level"],
        )
        fc = result.forecast
        next_28 = fc[:, :28].sum(axis=1) + fc.mean(axis=1) * max(28 - horizon, 0)
        ok = np.isfinite(result.mase) & np.isfinite(result.mase_naive)
        ratio = np.where(ok, result.mase_ratio, 0.0)
        ratio = np.where(np.isfinite(ratio), ratio, 0.0)
        adi = np.where(np.isfinite(result.adi), result.adi, 0.0)
        now = fields.Datetime.now()
        # Rounded as the ORM would round them (numeric columns).
        qty_digits = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )

        def qty(array):
            return np.round(array, qty_digits).tolist()

        columns = {
            "method": [forecast_engine.METHODS[m] for m in result.method.tolist()],
            "daily_forecast": qty(fc.mean(axis=1)),
            "forecast_28d": qty(next_28),
            "residual_std": qty(result.sigma),
            "adi": np.round(adi, 2).tolist(),
            "backtested": ok.tolist(),
            "mase": np.round(np.where(ok, result.mase, 0.0), 3).tolist(),
            "mase_naive": np.round(np.where(ok, result.mase_naive, 0.0), 3).tolist(),
            "mase_ratio": np.round(ratio, 3).tolist(),
            "safety_stock": qty(safety),
            "suggested_min": qty(low),
            "suggested_max": qty(high),
        }
        names = list(columns)
        constants = dict(settings, horizon_days=horizon, computed_at=now)
        values = [
            dict(zip(names, row, strict=True), **constants)
            for row in zip(*columns.values(), strict=True)
        ]
        existing = self.search([("store_id", "in", stores.ids)])
        by_key = {(f.product_id.id, f.store_id.id): f for f in existing}
        to_update, update_vals, create_vals = [], [], []
        for (product_id, store_id), vals in zip(keys.tolist(), values, strict=True):
            record = by_key.pop((product_id, store_id), None)
            if record:
                to_update.append(record.id)
                update_vals.append(vals)
            else:
                create_vals.append(dict(vals, product_id=product_id, store_id=store_id))
        self.browse([f.id for f in by_key.values()]).unlink()
        updated = self.browse(to_update)
        if updated:
            updated.check_access("write")
            # One UPDATE ... FROM (VALUES ...) for every record instead of one
            # write() per record: the values differ per record and none of
            # them is an input of another field.
            updated._write_multi(
                [
                    dict(vals, computed_at=fields.Datetime.to_string(now))
                    for vals in update_vals
                ]
            )
            updated.invalidate_recordset(list(update_vals[0]))
        created = self.create(create_vals)
        _logger.info(
            "Demand forecast: %s series (%s updated, %s created, %s removed)",
            len(keys),
            len(updated),
            len(created),
            len(by_key),
        )
        return updated | created
