"""A subscription of an integration to an event of the chain.

Events are raised by the documents (``sale_order.py``, ``stock_move.py``,
``multistore_price_history.py``) through ``_notify``, which creates one
delivery per matching subscription: the integration's stores must include
the event's store.
"""

import json
import secrets

from odoo import api, fields, models
from odoo.exceptions import ValidationError

EVENTS = [
    ("order_status", "Order status changed"),
    ("stock_low", "Stock below threshold"),
    ("price_changed", "Price changed"),
]


class MultistoreApiWebhook(models.Model):
    _name = "multistore.api.webhook"
    _description = "API Webhook"
    _inherit = ["mail.thread"]
    _order = "integration_id, event, id"

    name = fields.Char(compute="_compute_name", store=True)
    integration_id = fields.Many2one(
        "multistore.api.integration",
        required=True,
        ondelete="cascade",
        tracking=True,
        index=True,
    )
    event = fields.Selection(EVENTS, required=True, tracking=True)
    url = fields.Char(
        string="URL", required=True, tracking=True, help="Receives a POST per event."
    )
    secret = fields.Char(
        required=True,
        copy=False,
        default=lambda self: secrets.token_hex(32),
        help="Key of the HMAC-SHA256 signature sent in X-Multistore-Signature.",
    )
    stock_threshold = fields.Float(
        default=5.0,
        tracking=True,
        help="Stock below threshold: sent when a product's stock in one of the "
        "integration's stores falls below this quantity.",
    )
    active = fields.Boolean(default=True, tracking=True)
    delivery_ids = fields.One2many("multistore.api.webhook.delivery", "webhook_id")
    delivery_count = fields.Integer(compute="_compute_delivery_count")

    @api.depends("integration_id.name", "event")
    def _compute_name(self):
        labels = dict(self._fields["event"]._description_selection(self.env))
        for webhook in self:
            webhook.name = (
                f"{webhook.integration_id.name} - {labels.get(webhook.event)}"
            )

    def _compute_delivery_count(self):
        counts = dict(
            self.env["multistore.api.webhook.delivery"]._read_group(
                [("webhook_id", "in", self.ids)], ["webhook_id"], ["__count"]
            )
        )
        for webhook in self:
            webhook.delivery_count = counts.get(webhook, 0)

    @api.constrains("url")
    def _check_url(self):
        for webhook in self:
            if not (webhook.url or "").startswith(("http://", "https://")):
                raise ValidationError(
                    self.env._(
                        "The URL of webhook %(webhook)s must start with http:// "
                        "or https://.",
                        webhook=webhook.display_name,
                    )
                )

    def action_new_secret(self):
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            self.env._("change webhook secrets"),
        )
        for webhook in self:
            webhook.secret = secrets.token_hex(32)
        return True

    def action_view_deliveries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_api_webhook.multistore_api_webhook_delivery_action"
        )
        action["domain"] = [("webhook_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _notify(self, event, stores, payload, match=None):
        """Queue a delivery of ``payload`` to every active subscription to
        ``event`` whose integration may see one of ``stores``.

        Runs as superuser: events are raised by documents any user changes;
        subscriptions and deliveries are the chain manager's."""
        webhooks = self.sudo().search(
            [
                ("event", "=", event),
                ("active", "=", True),
                ("integration_id.active", "=", True),
                ("integration_id.store_ids", "in", stores.ids),
            ]
        )
        if match:
            webhooks = webhooks.filtered(match)
        if not webhooks:
            return self.env["multistore.api.webhook.delivery"]
        body = json.dumps(
            {"event": event, "data": payload}, sort_keys=True, default=str
        )
        deliveries = (
            self.env["multistore.api.webhook.delivery"]
            .sudo()
            .create(
                [{"webhook_id": webhook.id, "payload": body} for webhook in webhooks]
            )
        )
        deliveries._enqueue()
        return deliveries
