"""One event sent to one webhook: signed, sent by a queue_job job, retried
with exponential back-off until the receiver answers 2xx or the attempts run
out.

Each attempt is a job of its own that ends normally and records its outcome
on the delivery; a failed attempt enqueues the next one with an ``eta``
(``retry_base_seconds`` x 2^(attempt-1), ir.config_parameter
``multistore_api_webhook.retry_base_seconds``), so the delivery shows every
attempt and its error while it waits.
"""

import hashlib
import hmac
import logging
from datetime import timedelta

import requests

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
TIMEOUT = 10  # seconds per attempt
SIGNATURE_HEADER = "X-Multistore-Signature"
RETRY_BASE_PARAM = "multistore_api_webhook.retry_base_seconds"


def sign(secret, body):
    """``sha256=<hex HMAC-SHA256 of the body with the webhook's secret>``."""
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class MultistoreApiWebhookDelivery(models.Model):
    _name = "multistore.api.webhook.delivery"
    _description = "API Webhook Delivery"
    _order = "id desc"

    webhook_id = fields.Many2one(
        "multistore.api.webhook", required=True, ondelete="cascade", readonly=True
    )
    integration_id = fields.Many2one(
        related="webhook_id.integration_id", store=True, index=True
    )
    event = fields.Selection(related="webhook_id.event", store=True)
    url = fields.Char(related="webhook_id.url")
    payload = fields.Text(readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("delivered", "Delivered"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    response_status = fields.Integer(string="Last HTTP Status", readonly=True)
    last_error = fields.Text(readonly=True)
    next_attempt = fields.Datetime(readonly=True)
    delivered_at = fields.Datetime(readonly=True)

    def _enqueue(self, eta=None):
        for delivery in self:
            delivery.with_delay(
                eta=eta,
                max_retries=1,
                description=f"Webhook delivery #{delivery.id}",
            )._send()

    @api.model
    def _retry_delay(self, attempts):
        base = float(
            self.env["ir.config_parameter"].sudo().get_param(RETRY_BASE_PARAM, 30)
        )
        return timedelta(seconds=base * 2 ** (attempts - 1))

    def _send(self):
        """One attempt (queue_job job)."""
        self.ensure_one()
        if self.state != "pending":
            return
        webhook = self.webhook_id
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Multistore-Webhook/1.0",
            "X-Multistore-Event": webhook.event,
            "X-Multistore-Delivery": str(self.id),
            SIGNATURE_HEADER: sign(webhook.secret, self.payload),
        }
        status, error = 0, False
        try:
            response = requests.post(
                webhook.url,
                data=self.payload.encode(),
                headers=headers,
                timeout=TIMEOUT,
            )
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}: {response.text[:500]}"
        except requests.RequestException as exc:
            error = str(exc)[:500]
        attempts = self.attempts + 1
        vals = {"attempts": attempts, "response_status": status, "last_error": error}
        if not error:
            vals.update(state="delivered", delivered_at=fields.Datetime.now())
            vals["next_attempt"] = False
        elif attempts >= MAX_ATTEMPTS:
            vals.update(state="failed", next_attempt=False)
        else:
            eta = fields.Datetime.now() + self._retry_delay(attempts)
            vals["next_attempt"] = eta
        self.write(vals)
        if vals.get("next_attempt"):
            self._enqueue(eta=vals["next_attempt"])
        return vals.get("state", "retry")

    def action_retry(self):
        """Send a failed delivery again (chain manager)."""
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            self.env._("send webhook deliveries again"),
        )
        failed = self.filtered(lambda d: d.state == "failed")
        failed.sudo().write({"state": "pending", "attempts": 0})
        failed.sudo()._enqueue()
        return True
