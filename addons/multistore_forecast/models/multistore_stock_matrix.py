from odoo import fields, models
from odoo.tools import SQL


class MultistoreStockMatrix(models.Model):
    """The chain stock matrix with each store's forecast daily demand and the
    days its stock on hand lasts at that demand."""

    _inherit = "multistore.stock.matrix"

    daily_forecast = fields.Float(
        string="Daily Demand", readonly=True, aggregator="sum"
    )
    cover_days = fields.Float(
        string="Cover (days)",
        readonly=True,
        aggregator="min",
        help="Days the stock on hand lasts at the forecast demand.",
    )

    def _select(self):
        return SQL(
            """%s,
            COALESCE(f.daily_forecast, 0.0) AS daily_forecast,
            CASE WHEN COALESCE(f.daily_forecast, 0.0) > 0
                 THEN t.qty_on_hand / f.daily_forecast END AS cover_days
            """,
            super()._select(),
        )

    def _from(self):
        return SQL(
            """%s
            LEFT JOIN multistore_forecast f
              ON f.product_id = t.product_id AND f.store_id = t.store_id
            """,
            super()._from(),
        )
