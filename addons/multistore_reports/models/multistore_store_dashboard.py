from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class MultistoreStoreDashboard(models.Model):
    """Today's figures of every store, for the chain dashboard.

    One row per store with figures, read from the store-day facts: today,
    the same day last week, month to date and the last 30 days.
    """

    _name = "multistore.store.dashboard"
    _description = "Chain Dashboard"
    _auto = False
    _order = "revenue_today desc, store_id"
    _rec_name = "store_id"

    store_id = fields.Many2one("multistore.store", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    revenue_today = fields.Float(readonly=True)
    orders_today = fields.Integer(readonly=True)
    basket_today = fields.Float(
        string="Average Basket Today", readonly=True, aggregator="avg"
    )
    revenue_last_week = fields.Float(
        string="Same Day Last Week",
        readonly=True,
        help="Revenue of the same weekday one week ago.",
    )
    revenue_month = fields.Float(string="Month to Date", readonly=True)
    revenue_30d = fields.Float(string="Last 30 Days", readonly=True)
    last_sale_date = fields.Date(readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT f.store_id AS id, f.store_id, s.company_id,
                   SUM(f.revenue) FILTER (WHERE f.date = %(today)s) AS revenue_today,
                   COALESCE(SUM(f.order_count) FILTER (WHERE f.date = %(today)s), 0)
                       AS orders_today,
                   CASE WHEN SUM(f.order_count) FILTER (WHERE f.date = %(today)s) > 0
                        THEN SUM(f.revenue) FILTER (WHERE f.date = %(today)s)
                             / SUM(f.order_count) FILTER (WHERE f.date = %(today)s)
                        ELSE 0 END AS basket_today,
                   SUM(f.revenue) FILTER (WHERE f.date = %(week_ago)s)
                       AS revenue_last_week,
                   SUM(f.revenue) FILTER (WHERE f.date >= %(month_start)s
                                            AND f.date <= %(today)s) AS revenue_month,
                   SUM(f.revenue) FILTER (WHERE f.date > %(days_30)s
                                            AND f.date <= %(today)s) AS revenue_30d,
                   MAX(f.date) AS last_sale_date
              FROM multistore_store_day_fact f
              JOIN multistore_store s ON s.id = f.store_id
             GROUP BY f.store_id, s.company_id
            """,
            today=today,
            week_ago=today - timedelta(days=7),
            month_start=today.replace(day=1),
            days_30=today - timedelta(days=30),
        )

    @api.model
    def action_open_dashboard(self):
        """Show today's figures, brought up to date first for a manager.

        Store staff see the figures of the last refresh (the hourly cron or
        a manager's): refreshing rewrites every store's facts, which only
        managers may start (see ``multistore.sales.fact.action_refresh_facts``).
        """
        self._multistore_require_group(
            "multistore_base.group_store_user",
            action=self.env._("open the chain dashboard"),
        )
        if self.env.su or self.env.user.has_group(
            "multistore_base.group_store_manager"
        ):
            self.env["multistore.sales.fact"]._refresh_facts()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_reports.multistore_store_dashboard_action"
        )
