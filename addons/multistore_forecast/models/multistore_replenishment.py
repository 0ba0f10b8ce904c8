from odoo import models


class MultistoreReplenishment(models.AbstractModel):
    """The chain planner leaves each store its forecast demand over the lead
    time before it takes the store's surplus for a sibling."""

    _inherit = "multistore.replenishment"

    def _demand_over_lead_time(self, products, stores):
        demand = super()._demand_over_lead_time(products, stores)
        lead_days = self.env["res.config.settings"]._multistore_setting(
            "multistore_forecast_lead_time_days"
        )
        forecasts = self.env["multistore.forecast"].search(
            [("product_id", "in", products.ids), ("store_id", "in", stores.ids)]
        )
        for forecast in forecasts:
            key = (forecast.product_id.id, forecast.store_id.id)
            demand[key] = demand.get(key, 0.0) + forecast.daily_forecast * lead_days
        return demand
