import json

from odoo import fields, models
from odoo.exceptions import UserError


class MultistoreConnectorTaobaoPullItem(models.Model):
    """A trade a pull could not import (a line that maps to no product, a
    store or scope the integration lacks...): kept with the trade as fetched,
    shown to the chain manager, and imported again at each pull until it
    goes through (``done``) or stops waiting for shipment (``skipped``).

    A trade closed on Taobao after its order was shipped (the order cannot
    be cancelled any more) is one too, in ``attention``: the store handles
    the return, then the chain manager marks it as handled (``done``). It is
    not tried again: the pull has nothing more to do with it."""

    _name = "multistore.connector.taobao.pull.item"
    _description = "Taobao Pull Item"
    _order = "state, write_date desc, id desc"
    _rec_name = "tid"

    shop_id = fields.Many2one(
        "multistore.connector.taobao.shop",
        required=True,
        ondelete="cascade",
        readonly=True,
        index=True,
    )
    store_id = fields.Many2one(
        related="shop_id.store_id", store=True, index=True, string="Store"
    )
    tid = fields.Char(string="Trade", required=True, readonly=True)
    trade_status = fields.Char(readonly=True)
    state = fields.Selection(
        [
            ("failed", "Failed"),
            ("attention", "Return to handle"),
            ("done", "Done"),
            ("skipped", "Not to ship"),
        ],
        required=True,
        default="failed",
        readonly=True,
        index=True,
    )
    error = fields.Text(readonly=True)
    attempts = fields.Integer(readonly=True)
    payload = fields.Text(string="Trade (JSON)", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)

    _sql_constraints = [
        ("tid_unique", "unique(shop_id, tid)", "A trade is pulled once per shop."),
    ]

    def action_mark_handled(self):
        """The store handled the return of a trade closed after shipping."""
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            self.env._("mark Taobao trades as handled"),
        )
        other = self.filtered(lambda item: item.state != "attention")
        if other:
            raise UserError(
                self.env._(
                    "Trade(s) %(tids)s have no return to handle: only a trade "
                    "closed after its order was shipped is marked as handled.",
                    tids=", ".join(other.mapped("tid")),
                )
            )
        # Pull items are the connector's bookkeeping, read-only to users.
        self.sudo().write({"state": "done"})
        return True

    def _trade(self):
        self.ensure_one()
        return json.loads(self.payload or "{}")
