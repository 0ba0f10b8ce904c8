from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .multistore_transfer_line import EDITABLE_STATES

CLOSED_STATES = ("done", "cancel")
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

    _name = "multistore.transfer"
    _description = "Transfer Between Stores"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "barcodes.barcode_events_mixin",
    ]
    _order = "priority desc, id desc"
    _check_company_auto = True
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
    date_requested = fields.Datetime(readonly=True, copy=False)
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
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

    def on_barcode_scanned(self, barcode):
        self.action_scan(barcode)

    def action_request(self):
        self._check_state("draft")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id | transfer.dest_store_id,
                action=self.env._("request transfers"),
            )
            if not transfer.line_ids:
                raise UserError(
                    self.env._(
                        "Add the products to send before requesting %(name)s.",
                        name=transfer.name,
                    )
                )
        self._multistore_workflow_write(
            {
                "state": "requested",
                "date_requested": fields.Datetime.now(),
                "requested_by_id": self.env.user.id,
            }
        )
        return True

    def action_approve(self):
        self._check_state("requested")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id,
                manager=True,
                action=self.env._("approve transfers"),
            )
        self._multistore_workflow_write(
            {
                "state": "approved",
                "date_approved": fields.Datetime.now(),
                "approved_by_id": self.env.user.id,
            }
        )
        return True

    def action_ship(self):
        """Send the approved quantities: source stock -> transit."""
        self._check_state("approved")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id, action=self.env._("ship transfers")
            )
            for line in transfer.line_ids:
                if not line.qty_shipped:
                    line._multistore_workflow_write({"qty_shipped": line.qty_requested})
            transfer.line_ids._check_shipped_quantity()
            transfer._check_available()
            warehouse = transfer.source_store_id.warehouse_id
            picking = transfer._create_picking(
                warehouse.int_type_id,
                warehouse.lot_stock_id,
                transfer._transit_location(),
                {line: line.qty_shipped for line in transfer.line_ids},
            )
            transfer._validate_picking(picking)
        self._multistore_workflow_write(
            {
                "state": "shipped",
                "date_shipped": fields.Datetime.now(),
                "shipped_by_id": self.env.user.id,
            }
        )
        return True

    def action_receive(self):
        """Take in what arrived: transit -> destination stock.

        Lines received short must say why; the difference stays in transit
        until it is written off (``action_write_off``).
        """
        self._check_state("shipped")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.dest_store_id, action=self.env._("receive transfers")
            )
            transfer.line_ids._check_received_quantity()
            transfer.line_ids._check_difference_reason()
            warehouse = transfer.dest_store_id.warehouse_id
            lines = transfer.line_ids.filtered(
                lambda line: (
                    not float_is_zero(
                        line.qty_received,
                        precision_rounding=line.product_uom_id.rounding,
                    )
                )
            )
            if lines:
                transfer._record_stock_before_receipt(lines)
                picking = transfer._create_picking(
                    warehouse.in_type_id,
                    transfer._transit_location(),
                    warehouse.lot_stock_id,
                    {line: line.qty_received for line in lines},
                )
                transfer._validate_picking(picking)
            transfer._multistore_workflow_write(
                {
                    "state": "received" if transfer.has_difference else "done",
                    "date_received": fields.Datetime.now(),
                    "received_by_id": self.env.user.id,
                }
            )
        return True

    def action_write_off(self):
        """Confirm the differences: transit -> inventory loss, then done."""
        self._check_state("received")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.dest_store_id,
                manager=True,
                action=self.env._("write off transfer differences"),
            )
            lines = transfer.line_ids.filtered(
                lambda line: (
                    not float_is_zero(
                        line.qty_difference,
                        precision_rounding=line.product_uom_id.rounding,
                    )
                )
            )
            warehouse = transfer.dest_store_id.warehouse_id
            for line in lines:
                picking = transfer._create_picking(
                    warehouse.int_type_id,
                    transfer._transit_location(),
                    line.product_id.with_company(
                        transfer.company_id
                    ).property_stock_inventory,
                    {line: line.qty_difference},
                )
                transfer._validate_picking(picking)
            body = self.env._(
                "Written off: %(lines)s",
                lines=", ".join(
                    f"{line.product_id.display_name} {line.qty_difference:g} "
                    f"({line._discrepancy_label()})"
                    for line in lines
                ),
            )
            transfer.message_post(body=body)
        self._multistore_workflow_write({"state": "done"})
        return True

    def action_cancel(self):
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id | transfer.dest_store_id,
                action=self.env._("cancel transfers"),
            )
            if transfer.state not in ("draft", "requested", "approved"):
                raise UserError(
                    self.env._(
                        "%(name)s has left the source store: it can no longer be "
                        "cancelled, receive it instead.",
                        name=transfer.name,
                    )
                )
        self._multistore_workflow_write({"state": "cancel"})
        return True

    def action_draft(self):
        self._check_state("cancel")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id | transfer.dest_store_id,
                action=self.env._("reset transfers to draft"),
            )
        self._multistore_workflow_write({"state": "draft"})
        return True

    def action_scan(self, barcode):
        """Receiving by scanner: each scan of a product adds one received unit."""
        self.ensure_one()
        self._check_state("shipped")
        self._multistore_check_store_role(
            self.dest_store_id, action=self.env._("receive transfers")
        )
        if not isinstance(barcode, str) or not barcode:
            raise UserError(self.env._("Scan a product barcode."))
        line = self.line_ids.filtered(
            lambda line: (
                barcode in (line.product_id.barcode, line.product_id.default_code)
            )
        )[:1]
        if not line:
            raise UserError(
                self.env._(
                    "Barcode %(barcode)s matches no product of %(name)s.",
                    barcode=barcode,
                    name=self.name,
                )
            )
        # Check before writing: a refused scan leaves the count as it was.
        line.new(
            {
                "qty_shipped": line.qty_shipped,
                "qty_received": line.qty_received + 1,
                "product_id": line.product_id.id,
            }
        )._check_received_quantity()
        line.qty_received += 1
        return True

    def action_fill_received(self):
        """Everything arrived as shipped (the usual case)."""
        self._check_state("shipped")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.dest_store_id, action=self.env._("receive transfers")
            )
            for line in transfer.line_ids:
                line._multistore_workflow_write({"qty_received": line.qty_shipped})
        return True

    def action_view_pickings(self):
        self.ensure_one()
        self._multistore_check_store_role(
            self.source_store_id | self.dest_store_id,
            action=self.env._("see the pickings of transfers"),
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("id", "in", self.picking_ids.ids)]
        action["context"] = {}
        return action

    def _check_state(self, *states):
        for transfer in self:
            if transfer.state not in states:
                state = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: this step is not possible now.",
                        name=transfer.name,
                        state=state[transfer.state],
                    )
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

    def _check_available(self):
        location = self.source_store_id.warehouse_id.lot_stock_id
        Quant = self.env["stock.quant"]
        for line in self.line_ids:
            if line.product_id.type != "consu" or not line.product_id.is_storable:
                continue
            available = Quant._get_available_quantity(line.product_id, location)
            if (
                float_compare(
                    line.qty_shipped,
                    available,
                    precision_rounding=line.product_uom_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Only %(available)s %(uom)s of %(product)s are available "
                        "in %(store)s: ship at most that much.",
                        available=available,
                        uom=line.product_uom_id.name,
                        product=line.product_id.display_name,
                        store=self.source_store_id.display_name,
                    )
                )

    def _record_stock_before_receipt(self, lines):
        """Write on ``lines`` the destination store's stock before the receipt.

        On hand in every internal location of the destination warehouse,
        in the product's unit: what the store had to sell without this
        transfer (see ``multistore.stockout.avoided``).
        """
        warehouse = self.dest_store_id.warehouse_id
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", lines.product_id.ids),
                ("location_id", "child_of", warehouse.view_location_id.id),
                ("location_id.usage", "=", "internal"),
            ],
            ["product_id"],
            ["quantity:sum"],
        )
        on_hand = dict(groups)
        # The report leaves out lines whose stock was never recorded (NULL:
        # lines received before this field existed). The ORM skips writing
        # a value equal to the cached one, and an unset float reads as 0.0:
        # drop it from the cache so that a recorded 0.0 is stored as well.
        lines.invalidate_recordset(["qty_before_receipt"])
        for line in lines:
            # A workflow field: the receiving step (role checked) records it.
            line.sudo().qty_before_receipt = on_hand.get(line.product_id, 0.0)

    def _transit_location(self):
        location = self.company_id.internal_transit_location_id
        if not location.active:
            # Odoo creates the inter-warehouse transit location inactive;
            # the first transfer between stores puts it to use.
            location.sudo().active = True
        return location

    def _create_picking(self, picking_type, location, location_dest, quantities):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": location.id,
                "location_dest_id": location_dest.id,
                "origin": self.name,
                "move_ids": [
                    fields.Command.create(
                        {
                            "name": self.name,
                            "product_id": line.product_id.id,
                            "product_uom": line.product_uom_id.id,
                            "product_uom_qty": qty,
                            "location_id": location.id,
                            "location_dest_id": location_dest.id,
                        }
                    )
                    for line, qty in quantities.items()
                ],
            }
        )
        # The link to the transfer is a workflow field of the picking that
        # no user writes directly; the calling step has checked the role.
        picking.sudo().multistore_transfer_id = self
        return picking

    def _validate_picking(self, picking):
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Picking %(picking)s could not be validated.", picking=picking.name
                )
            )
