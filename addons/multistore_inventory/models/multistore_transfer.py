from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_is_zero

from .multistore_transfer_line import EDITABLE_STATES

# Where the goods go from and to: fixed once the transfer is requested.
ROUTE_FIELDS = ("source_store_id", "dest_store_id", "company_id")


class MultistoreTransfer(models.Model):
    """Goods sent from one store (or the central warehouse) to another.

    A request document whose steps drive real Odoo pickings through the
    company's transit location: shipping moves stock from the source store
    to transit, receiving moves it from transit into the destination store,
    and a difference between shipped and received quantities is written off
    to the inventory-loss location with its reason. Quants and valuation stay
    Odoo's; the pickings keep their own store scoping.

    Each step belongs to one side: requesting, cancelling and resetting to
    either store's staff, approving to the source store's manager, shipping
    to the source store's staff, receiving to the destination store's staff
    and writing off to its manager. The state, who did each step and when,
    the pickings and (after the request) the two stores change only through
    these steps. A store-restricted user creates and keeps transfers only
    from or to one of their stores.
    """

    # One concern per file: the document here, its steps in
    # multistore_transfer_steps.py, its pickings in multistore_transfer_stock.py.
    _name = "multistore.transfer"
    _description = "Transfer Between Stores"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "barcodes.barcode_events_mixin",
        "multistore.workflow.mixin",
    ]
    _order = "priority desc, id desc"
    _check_company_auto = True
    # Who took each step and when (multistore.workflow.mixin).
    _multistore_workflow_steps = ("requested", "approved", "shipped", "received")
    _multistore_workflow_fields = (
        "state",
        "date_requested",
        "requested_by_id",
        "date_approved",
        "approved_by_id",
        "date_shipped",
        "shipped_by_id",
        "date_received",
        "received_by_id",
        "picking_ids",
    )
    # Two stores: checked by _check_own_stores, not by the single-store check.
    _multistore_own_store_field = None

    @api.model
    def _default_dest_store_id(self):
        return self.env.user.store_id

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    source_store_id = fields.Many2one(
        "multistore.store",
        string="From Store",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    dest_store_id = fields.Many2one(
        "multistore.store",
        string="To Store",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=_default_dest_store_id,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("shipped", "In Transit"),
            ("received", "Received"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")], default="0", tracking=True
    )
    note = fields.Html()
    origin = fields.Char(help="What created the request (e.g. the chain planner).")
    line_ids = fields.One2many(
        "multistore.transfer.line", "transfer_id", string="Lines", copy=True
    )
    picking_ids = fields.One2many(
        "stock.picking", "multistore_transfer_id", string="Pickings", readonly=True
    )
    picking_count = fields.Integer(compute="_compute_picking_count")
    # Step fields besides the approval (declared by the workflow mixin).
    date_requested = fields.Datetime(readonly=True, copy=False)
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_shipped = fields.Datetime(readonly=True, copy=False)
    shipped_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_received = fields.Datetime(readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    has_difference = fields.Boolean(compute="_compute_has_difference")

    def _compute_picking_count(self):
        for transfer in self:
            transfer.picking_count = len(transfer.picking_ids)

    @api.depends("line_ids.qty_difference")
    def _compute_has_difference(self):
        for transfer in self:
            transfer.has_difference = any(
                not float_is_zero(
                    line.qty_difference,
                    precision_rounding=line.product_uom_id.rounding,
                )
                for line in transfer.line_ids
            )

    @api.constrains("source_store_id", "dest_store_id")
    def _check_stores(self):
        for transfer in self:
            if transfer.source_store_id == transfer.dest_store_id:
                raise ValidationError(
                    self.env._(
                        "A transfer goes from one store to another: choose a "
                        "destination other than %(store)s.",
                        store=transfer.source_store_id.display_name,
                    )
                )
            for store in transfer.source_store_id | transfer.dest_store_id:
                if not store.warehouse_id:
                    raise ValidationError(
                        self.env._(
                            "Store %(store)s has no warehouse: it cannot send or "
                            "receive goods.",
                            store=store.display_name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("multistore.transfer") or "/"
                )
        if not self.env.su and self.env.user._is_store_restricted():
            # Before the lines are created: say why, rather than a bare
            # access error on a line of a transfer the user could not see.
            for vals in vals_list:
                self._multistore_check_values(vals)
                self.new({"name": vals["name"]})._check_own_stores(
                    {
                        "source_store_id": vals.get("source_store_id"),
                        "dest_store_id": vals.get(
                            "dest_store_id", self._default_dest_store_id().id
                        ),
                    }
                )
        return super().create(vals_list)

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        route = [name for name in ROUTE_FIELDS if name in vals]
        if route:
            started = self.filtered(lambda transfer: transfer.state != "draft")
            if started:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: its stores are fixed once it is "
                        "requested. Cancel it and request a new transfer between "
                        "the right stores.",
                        name=started[0].name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[started[0].state],
                    )
                )
            self._multistore_check_values(vals)
            self._check_own_stores(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(transfer.state not in ("draft", "cancel") for transfer in self):
            raise UserError(
                self.env._("Only draft or cancelled transfers can be deleted.")
            )

    def _check_lines_editable(self):
        """Lines are added or removed only until the transfer is approved."""
        for transfer in self:
            if transfer.state in EDITABLE_STATES:
                continue
            if transfer.state == "cancel":
                raise UserError(
                    self.env._(
                        "%(name)s is cancelled: reset it to draft before adding "
                        "or removing products.",
                        name=transfer.name,
                    )
                )
            if transfer.state == "approved":
                raise UserError(
                    self.env._(
                        "%(name)s is approved: its products can no longer be added "
                        "or removed. To change them, cancel the transfer and reset "
                        "it to draft.",
                        name=transfer.name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(name)s has left the source store: its products can no "
                    "longer be added or removed. Request the missing products in "
                    "a new transfer.",
                    name=transfer.name,
                )
            )

    def _check_own_stores(self, vals=None):
        """A store-restricted user's transfers come from or go to their stores.

        ``vals``: values about to be written, checked before writing them.
        """
        user = self.env.user
        if self.env.su or not user._is_store_restricted():
            return
        Store = self.env["multistore.store"]
        vals = vals or {}
        for transfer in self:
            source = (
                Store.browse(vals["source_store_id"])
                if "source_store_id" in vals
                else transfer.source_store_id
            )
            dest = (
                Store.browse(vals["dest_store_id"])
                if "dest_store_id" in vals
                else transfer.dest_store_id
            )
            if (source | dest) & user.store_ids:
                continue
            raise AccessError(
                self.env._(
                    "%(name)s would go from %(from_store)s to %(to_store)s, "
                    "neither of which is one of your stores (%(allowed)s): "
                    "request goods into one of your stores or send them out of it.",
                    name=transfer.name,
                    from_store=source.sudo().display_name,
                    to_store=dest.sudo().display_name,
                    allowed=", ".join(user.store_ids.mapped("display_name")) or "-",
                )
            )
