from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    store_today_sql,
    store_tz_sql,
)


class MultistoreStoreDashboard(models.Model):
    """Today's figures of every store, for the chain dashboard.

    One row per store with figures, read from the store-day facts: today,
    the same day last week, month to date and the last 30 days, "today"
    being the store's today (its time zone, as the days of the facts).
    """

    _name = "multistore.store.dashboard"
    _description = "Chain Dashboard"
    _inherit = ["multistore.report.mixin"]
    _auto = False
    _order = "revenue_today desc, store_id"
    _rec_name = "store_id"
    _report_ratios = {
        "basket_today": (("revenue_today",), ("orders_today",), 1.0),
    }

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

    def _with(self):
        return SQL(
            "store_day AS (SELECT s.id AS store_id, %s AS today"
            " FROM multistore_store s)",
            store_today_sql(store_tz_sql("s")),
        )

    def _select(self):
        today = SQL("f.date = d.today")
        return SQL(
            """
            f.store_id AS id, f.store_id, s.company_id,
            SUM(f.revenue) FILTER (WHERE %(today)s) AS revenue_today,
            COALESCE(SUM(f.order_count) FILTER (WHERE %(today)s), 0)
                AS orders_today,
            CASE WHEN SUM(f.order_count) FILTER (WHERE %(today)s) > 0
                 THEN SUM(f.revenue) FILTER (WHERE %(today)s)
                      / SUM(f.order_count) FILTER (WHERE %(today)s)
                 ELSE 0 END AS basket_today,
            SUM(f.revenue) FILTER (WHERE f.date = d.today - 7)
                AS revenue_last_week,
            SUM(f.revenue) FILTER (
                WHERE f.date >= date_trunc('month', d.today)::date
                  AND f.date <= d.today
            ) AS revenue_month,
            SUM(f.revenue) FILTER (WHERE f.date > d.today - 30 AND f.date <= d.today)
                AS revenue_30d,
            MAX(f.date) AS last_sale_date
            """,
            today=today,
        )

    def _from(self):
        return SQL(
            """
            multistore_store_day_fact f
            JOIN multistore_store s ON s.id = f.store_id
            JOIN store_day d ON d.store_id = f.store_id
            """
        )

    def _group_by(self):
        return SQL("f.store_id, s.company_id")

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
