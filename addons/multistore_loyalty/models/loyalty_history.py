from odoo import api, fields, models
from odoo.exceptions import AccessError

from .loyalty_card import in_points_flow

# Orders whose lines of history carry the store they were written in.
STORE_ORDER_MODELS = ("pos.order", "sale.order")


class LoyaltyHistory(models.Model):
    """Points history lines, each with the store that wrote it.

    The inter-store settlement pays stores out on these lines: they are
    written only by the flows that change points (orders, refunds, expiry,
    birthday rewards, approved manual adjustments), never directly by a
    user. History lines are store documents (a store's staff sees the lines
    its stores wrote, see security/multistore_loyalty_security.xml) while the
    card's balance is chain-wide.
    """

    _inherit = "loyalty.history"

    date = fields.Datetime(
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="When the points were earned or used. Expiry counts from here.",
    )
    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Store where the points were earned or used (empty: chain-wide "
        "operations such as expiry or birthday rewards).",
    )
    pos_config_id = fields.Many2one(
        "pos.config",
        string="Till",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    kind = fields.Selection(
        [
            ("order", "Order"),
            ("refund", "Refund"),
            ("expiry", "Expiry"),
            ("reward", "Birthday reward"),
            ("manual", "Manual"),
        ],
        compute="_compute_kind",
        store=True,
        readonly=False,
        precompute=True,
        help="Why the balance changed; the inter-store settlement counts only "
        "points earned and redeemed with orders.",
    )
    partner_id = fields.Many2one(related="card_id.partner_id", string="Member")
    program_id = fields.Many2one(related="card_id.program_id")
    net = fields.Float(
        compute="_compute_net", help="Points earned minus points used on this line."
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._multistore_check_points_flow()
        # The value of _compute_date for a new line, given: Odoo precomputes
        # a missing one on a new record built in memory.
        vals_list = list(vals_list)
        now = fields.Datetime.now()
        for vals in vals_list:
            vals.setdefault("date", now)
        return super().create(vals_list)

    def write(self, vals):
        self._multistore_check_points_flow()
        return super().write(vals)

    def unlink(self):
        self._multistore_check_points_flow()
        return super().unlink()

    @api.model
    def _multistore_check_points_flow(self):
        if in_points_flow(self.env):
            return
        raise AccessError(
            self.env._(
                "Points history is written by orders, refunds, expiry and "
                "approved manual adjustments only. To correct a balance, request "
                "a points adjustment (Multistore > Loyalty > Points Adjustments)."
            )
        )

    @api.depends("create_date")
    def _compute_date(self):
        # create_date is the database clock: lines created in this
        # transaction have none yet and take the application clock.
        for line in self:
            if not line.date:
                line.date = line.create_date or fields.Datetime.now()

    @api.depends("order_model", "order_id")
    def _compute_store_id(self):
        for line in self:
            order = line._multistore_source_order()
            if order is None:
                continue
            line.store_id = order.store_id
            line.pos_config_id = (
                order.config_id if order._name == "pos.order" else False
            )

    @api.depends("order_model")
    def _compute_kind(self):
        for line in self:
            if not line.kind:
                line.kind = "order" if line.order_model else "manual"

    @api.depends("issued", "used")
    def _compute_net(self):
        for line in self:
            line.net = line.issued - line.used

    def _multistore_source_order(self):
        """The order that wrote this line, or None.

        Loyalty history is chain-wide while orders are store documents: a
        line written for an order of another store (a return made elsewhere,
        a scheduled action) must still learn its store. sudo() reads this one
        order only, for its store and till.
        """
        self.ensure_one()
        if self.order_model not in STORE_ORDER_MODELS or not self.order_id:
            return None
        order = self.env[self.order_model].sudo().browse(self.order_id).exists()
        return order or None
