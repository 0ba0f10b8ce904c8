import logging

from odoo import api, fields, models

from ..dependencies import side_env

_logger = logging.getLogger(__name__)


class MultistoreApiCall(models.Model):
    """One call of the REST API: who, what, how it ended and how long it took.

    Written in a transaction of its own (``_log``) by the API for the calls
    it serves and by the connectors for the calls they make, so refused and
    failed calls are kept even though their own transaction is rolled back.
    """

    _name = "multistore.api.call"
    _description = "API Call"
    _order = "id desc"
    _rec_name = "endpoint"

    integration_id = fields.Many2one(
        "multistore.api.integration", index=True, ondelete="cascade", readonly=True
    )
    method = fields.Char(readonly=True)
    endpoint = fields.Char(readonly=True, help="The route of the call.")
    path = fields.Char(readonly=True, help="The path actually called.")
    status_code = fields.Integer(string="Status", readonly=True, aggregator=None)
    status_class = fields.Selection(
        [
            ("success", "Success"),
            ("client_error", "Client error"),
            ("server_error", "Server error"),
        ],
        compute="_compute_status_class",
        store=True,
        # Computed before the INSERT: one query per logged call.
        precompute=True,
        readonly=True,
    )
    duration_ms = fields.Float(
        string="Duration (ms)", readonly=True, aggregator="avg", digits=(16, 1)
    )
    error = fields.Text(readonly=True)
    remote_addr = fields.Char(string="Remote Address", readonly=True)

    @api.depends("status_code")
    def _compute_status_class(self):
        for call in self:
            code = call.status_code or 0
            if code >= 500:
                call.status_class = "server_error"
            elif code >= 400:
                call.status_class = "client_error"
            else:
                call.status_class = "success"

    @api.model
    def _log(self, vals):
        """Log one call in a transaction of its own; a failure to log never
        turns the call's answer into an error."""
        try:
            with side_env(self.env) as log_env:
                log_env["multistore.api.call"].create(vals)
        except Exception:  # logged, never raised
            _logger.exception("cannot log API call %s", vals.get("path"))
