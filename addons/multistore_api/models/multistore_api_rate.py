import time

from odoo import api, fields, models
from odoo.tools import SQL


class MultistoreApiRate(models.Model):
    """Calls of an integration per minute: the rate limit's counter.

    One row per integration and minute, incremented with an atomic
    ``INSERT ... ON CONFLICT DO UPDATE`` so that the limit holds across HTTP
    workers and threads.
    """

    _name = "multistore.api.rate"
    _description = "API Calls per Minute"
    _log_access = False

    integration_id = fields.Many2one(
        "multistore.api.integration", required=True, ondelete="cascade"
    )
    minute = fields.Integer(required=True, help="Minutes since the Unix epoch.")
    count = fields.Integer(required=True, default=0)

    _sql_constraints = [
        (
            "integration_minute_unique",
            "unique(integration_id, minute)",
            "One counter per integration and minute.",
        ),
    ]

    @api.model
    def _hit(self, integration_id, minute):
        """Count one call of ``integration_id`` in ``minute``; return the
        number of calls in that minute, this one included."""
        self.env.cr.execute(
            SQL(
                "INSERT INTO multistore_api_rate (integration_id, minute, count) "
                "VALUES (%s, %s, 1) "
                "ON CONFLICT (integration_id, minute) "
                "DO UPDATE SET count = multistore_api_rate.count + 1 "
                "RETURNING count",
                integration_id,
                minute,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _gc_counters(self, minutes=60):
        """Cron: drop counters older than ``minutes``."""
        now = int(time.time() // 60)
        self.env.cr.execute(
            SQL("DELETE FROM multistore_api_rate WHERE minute < %s", now - minutes)
        )
