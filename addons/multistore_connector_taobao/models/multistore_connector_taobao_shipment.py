"""The shipment of an imported trade, sent to TOP once
(``taobao.logistics.offline.send``) by a queue_job job.

One record per order (unique): however many times the order gets its
tracking reference (the logistics API, the delivery validated with one),
TOP hears of it once. A temporary failure is retried with back-off; a
business error (the trade was closed, a bad company code) waits for the
chain manager's *Send again*.
"""

import logging
from datetime import timedelta

from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import mute_logger

from odoo.addons.queue_job.job import identity_exact

from ..tools.top_client import TopError

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=1)

# Carrier names (English and Chinese) to TOP's logistics company codes.
COMPANY_CODES = {
    "sf": "SF",
    "顺丰": "SF",
    "yto": "YTO",
    "圆通": "YTO",
    "zto": "ZTO",
    "中通": "ZTO",
    "sto": "STO",
    "申通": "STO",
    "yunda": "YUNDA",
    "韵达": "YUNDA",
    "ems": "EMS",
    "邮政": "POSTB",
    "jd": "JD",
    "京东": "JD",
    "best": "HTKY",
    "百世": "HTKY",
    "deppon": "DBL",
    "德邦": "DBL",
}


def company_code(carrier, default):
    """TOP's company code of ``carrier`` (a code, a name whose first word is
    a known English name, or a Chinese name), else ``default``."""
    text = (carrier or "").strip()
    if text.upper() in COMPANY_CODES.values():
        return text.upper()
    first_word = text.lower().split(" ")[0]
    for key, code in COMPANY_CODES.items():
        if key == first_word if key.isascii() else key in text:
            return code
    return default


class MultistoreConnectorTaobaoShipment(models.Model):
    _name = "multistore.connector.taobao.shipment"
    _description = "Taobao Shipment Push"
    _order = "id desc"
    _rec_name = "tid"

    shop_id = fields.Many2one(
        "multistore.connector.taobao.shop",
        required=True,
        ondelete="cascade",
        readonly=True,
        index=True,
    )
    order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", readonly=True
    )
    store_id = fields.Many2one(
        related="order_id.store_id", store=True, index=True, string="Store"
    )
    tid = fields.Char(string="Trade", required=True, readonly=True)
    out_sid = fields.Char(string="Tracking Number", required=True, readonly=True)
    company_code = fields.Char(required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Sent"), ("failed", "Failed")],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    last_error = fields.Text(readonly=True)
    sent_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "order_unique",
            "unique(order_id)",
            "The shipment of an order is sent to Taobao once.",
        ),
    ]

    @api.model
    def _create_once(self, vals):
        """Record the shipment of ``vals["order_id"]`` unless it is recorded:
        ``(shipment, created)``.

        Two transactions may record the shipment of one order at the same
        moment (two pulls, a delivery validated while the logistics API
        reports the tracking number): each checked that there was none, and
        the second INSERT meets the unique constraint once the first commits.
        It is rolled back to its savepoint and the record is read instead:
        the first transaction queued its push. (Under PostgreSQL's repeatable
        read a record committed after this transaction began stays out of its
        sight: the recordset is empty then.)"""
        try:
            # The unique violation is expected: not logged as a bad query.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return self.create(vals), True
        except errors.UniqueViolation:
            _logger.info(
                "Taobao shipment of order %s recorded by a concurrent transaction.",
                vals.get("order_id"),
            )
        return self.search([("order_id", "=", vals.get("order_id"))], limit=1), False

    def _enqueue(self, eta=None):
        for shipment in self:
            shipment.with_delay(
                eta=eta,
                max_retries=1,
                identity_key=identity_exact,
                description=f"Taobao shipment of trade {shipment.tid}",
            )._send()

    def _send(self):
        """One attempt (queue_job job)."""
        self.ensure_one()
        if self.state != "pending":
            return self.state
        try:
            self.shop_id._top_call(
                "taobao.logistics.offline.send",
                {
                    "tid": self.tid,
                    "out_sid": self.out_sid,
                    "company_code": self.company_code,
                },
            )
        except TopError as exc:
            attempts = self.attempts + 1
            vals = {"attempts": attempts, "last_error": str(exc)}
            if not exc.temporary or attempts >= MAX_ATTEMPTS:
                vals["state"] = "failed"
            self.write(vals)
            if self.state == "pending":
                self._enqueue(
                    eta=fields.Datetime.now() + RETRY_BASE * 2 ** (attempts - 1)
                )
            return self.state
        self.write(
            {
                "state": "done",
                "attempts": self.attempts + 1,
                "last_error": False,
                "sent_date": fields.Datetime.now(),
            }
        )
        return self.state

    def action_retry(self):
        """Send a failed shipment again (chain manager)."""
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            self.env._("send Taobao shipments again"),
        )
        failed = self.filtered(lambda s: s.state == "failed")
        # The job's bookkeeping fields are read-only to every user.
        failed.sudo().write({"state": "pending", "attempts": 0})
        failed.sudo()._enqueue()
        return True
