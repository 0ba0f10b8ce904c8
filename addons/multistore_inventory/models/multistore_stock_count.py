from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero

from odoo.addons.multistore_base.models.base import (
    STORE_MANAGER_GROUP as MANAGER_GROUP,
)

# What a count covers: fixed once counting starts.
SCOPE_FIELDS = ("store_id", "location_id", "categ_id", "blind")


class MultistoreStockCount(models.Model):
    """A stock count of one store: a count sheet of a location (and category).

    Draft -> counting (one line per product, lot and location in stock,
    with the quantity the system expects) -> to approve (when a line's
    difference is above the store's approval threshold, in value or in %)
    -> posted, or cancelled. Posting sets the counted quantities on Odoo's
    own quants (``inventory_quantity``) and applies them
    (``action_apply_inventory``): the inventory moves, their valuation and
    the quants are Odoo's; the moves are linked to the count.

    A blind count hides the expected quantity (and so the difference) from
    store staff until it is posted: the expected quantity is a field of the
    store managers' group, staff read a computed copy that is empty while
    the count is blind, so neither ``read`` nor a search can reveal it.

    Staff of the store count; its manager approves differences above the
    threshold; other stores' counts are out of reach (store rule).
    """

    _name = "multistore.stock.count"
    _description = "Store Stock Count"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "barcodes.barcode_events_mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _multistore_workflow_fields = (
        "state",
        "date_started",
        "started_by_id",
        "date_validated",
        "validated_by_id",
        "date_approved",
        "approved_by_id",
        "date_posted",
        "move_ids",
    )

    @api.model
    def _default_store_id(self):
        return self.env.user.store_id

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    store_id = fields.Many2one(
        "multistore.store",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=_default_store_id,
    )
    company_id = fields.Many2one(
        related="store_id.company_id", store=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    warehouse_id = fields.Many2one(related="store_id.warehouse_id")
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        tracking=True,
        check_company=True,
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', warehouse_id)]",
        help="The count sheet lists what is in stock in this location and its "
        "sublocations.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        tracking=True,
        help="Count only the products of this category (and its subcategories).",
    )
    blind = fields.Boolean(
        string="Blind Count",
        default=True,
        tracking=True,
        help="The counters do not see the quantity the system expects, nor the "
        "difference, until the count is posted. Only store managers choose a "
        "count that is not blind.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("in_progress", "Counting"),
            ("to_approve", "To Approve"),
            ("done", "Posted"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    line_ids = fields.One2many(
        "multistore.stock.count.line", "count_id", string="Lines", copy=False
    )
    move_ids = fields.One2many(
        "stock.move",
        "multistore_stock_count_id",
        string="Inventory Moves",
        readonly=True,
        copy=False,
    )
    line_count = fields.Integer(compute="_compute_line_count")
    move_count = fields.Integer(compute="_compute_move_count")
    expected_visible = fields.Boolean(
        compute="_compute_expected_visible",
        help="Whether you see the expected quantities and differences.",
    )
    amount_difference = fields.Monetary(
        string="Difference Value",
        compute="_compute_amount_difference",
        help="Counted minus expected, at the products' cost: the value the "
        "adjustment adds to (or removes from) the stock.",
    )
    valuation_amount = fields.Monetary(
        string="Posted Valuation",
        compute="_compute_valuation_amount",
        help="Value of the posted inventory moves in the stock valuation.",
    )
    date_started = fields.Datetime(readonly=True, copy=False)
    started_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_validated = fields.Datetime(readonly=True, copy=False)
    validated_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_posted = fields.Datetime(readonly=True, copy=False)
    note = fields.Html()

    @api.depends("store_id")
    def _compute_location_id(self):
        for count in self:
            warehouse = count.store_id.warehouse_id
            if count.location_id.warehouse_id != warehouse or not warehouse:
                count.location_id = warehouse.lot_stock_id

    def _compute_line_count(self):
        for count in self:
            count.line_count = len(count.line_ids)

    def _compute_move_count(self):
        for count in self:
            count.move_count = len(count.move_ids)

    @api.depends("blind", "state")
    @api.depends_context("uid")
    def _compute_expected_visible(self):
        is_manager = self.env.user.has_group(MANAGER_GROUP)
        for count in self:
            count.expected_visible = (
                is_manager or not count.blind or count.state == "done"
            )

    @api.depends("line_ids.value_difference")
    @api.depends_context("uid")
    def _compute_amount_difference(self):
        for count in self:
            count.amount_difference = sum(count.line_ids.mapped("value_difference"))

    @api.depends("move_ids")
    def _compute_valuation_amount(self):
        # Valuation layers are for stock managers; the count shows what its
        # own moves booked, to whoever may read the count.
        layers = self.sudo().move_ids.stock_valuation_layer_ids
        for count in self:
            count.valuation_amount = sum(
                layers.filtered(
                    lambda layer, count=count: (
                        layer.stock_move_id.multistore_stock_count_id.id == count.id
                    )
                ).mapped("value")
            )

    @api.constrains("store_id", "location_id")
    def _check_location(self):
        for count in self:
            warehouse = count.store_id.warehouse_id
            if not warehouse:
                raise ValidationError(
                    self.env._(
                        "Store %(store)s has no warehouse: it has no stock to count.",
                        store=count.store_id.display_name,
                    )
                )
            location = count.location_id
            if location.usage != "internal" or location.warehouse_id != warehouse:
                raise ValidationError(
                    self.env._(
                        "%(location)s is not a stock location of %(store)s: count "
                        "a location of the store's warehouse %(warehouse)s.",
                        location=location.display_name,
                        store=count.store_id.display_name,
                        warehouse=warehouse.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "blind" in vals and not vals["blind"] and not self.env.su:
                self._multistore_require_group(
                    MANAGER_GROUP, action=self.env._("make a count that is not blind")
                )
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("multistore.stock.count")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            scope = [name for name in SCOPE_FIELDS if name in vals]
            if scope:
                started = self.filtered(lambda count: count.state != "draft")
                if started:
                    raise UserError(
                        self.env._(
                            "%(name)s has started: its store, location, category "
                            "and blind setting are fixed. Cancel it and start a "
                            "new count.",
                            name=started[0].name,
                        )
                    )
            if "blind" in vals and any(
                count.blind != bool(vals["blind"]) for count in self
            ):
                self._multistore_require_group(
                    MANAGER_GROUP,
                    action=self.env._("choose whether a count is blind"),
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(count.state not in ("draft", "cancel") for count in self):
            raise UserError(
                self.env._(
                    "Only draft or cancelled stock counts can be deleted: cancel "
                    "the count first."
                )
            )

    def on_barcode_scanned(self, barcode):
        self.action_scan(barcode)

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------
    def action_start(self):
        """Print the count sheet: one line per product in stock."""
        self._check_state("draft")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )
        self._generate_lines()
        self._multistore_workflow_write(
            {
                "state": "in_progress",
                "date_started": fields.Datetime.now(),
                "started_by_id": self.env.user.id,
            }
        )
        return True

    def action_scan(self, barcode):
        """Counting by scanner: each scan of a product counts one more unit.

        A product the sheet does not list (no stock expected here) gets a
        new line.
        """
        self.ensure_one()
        self._check_state("in_progress")
        self._multistore_check_store_role(
            self.store_id, action=self.env._("count stock")
        )
        if not isinstance(barcode, str) or not barcode.strip():
            raise UserError(self.env._("Scan a product barcode."))
        barcode = barcode.strip()
        product = self.env["product.product"].search(
            [("barcode", "=", barcode)], limit=1
        ) or self.env["product.product"].search(
            [("default_code", "=", barcode)], limit=1
        )
        if not product:
            raise UserError(
                self.env._(
                    "Barcode %(barcode)s matches no product: count it by hand or "
                    "check the product's barcode.",
                    barcode=barcode[:64],
                )
            )
        if not product.is_storable:
            raise UserError(
                self.env._(
                    "%(product)s is not tracked in stock: it is not counted.",
                    product=product.display_name,
                )
            )
        lines = self.line_ids.filtered(lambda line: line.product_id == product)
        line = (
            lines.filtered(lambda line: line.location_id == self.location_id) or lines
        )[:1]
        if line and isinstance(self.id, models.NewId):
            line.update({"qty_counted": line.qty_counted + 1, "is_counted": True})
        elif line:
            line.write({"qty_counted": line.qty_counted + 1, "is_counted": True})
        elif isinstance(self.id, models.NewId):
            # From the form's scanner (an onchange): the line is saved with
            # the count.
            self.line_ids += self.line_ids.new(
                {
                    "product_id": product.id,
                    "location_id": self.location_id.id,
                    "qty_counted": 1.0,
                    "is_counted": True,
                }
            )
        else:
            self.env["multistore.stock.count.line"].create(
                {
                    "count_id": self.id,
                    "product_id": product.id,
                    "location_id": self.location_id.id,
                    "qty_counted": 1.0,
                }
            )
        return True

    def action_validate(self):
        """Counting is over: post, or ask the store manager to approve."""
        self._check_state("in_progress")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )
            uncounted = count.line_ids.filtered(lambda line: not line.is_counted)
            if uncounted:
                raise UserError(
                    self.env._(
                        "%(name)s: %(count)s lines are not counted yet (%(products)s"
                        "...). Count them, entering 0 for what is not on the shelf.",
                        name=count.name,
                        count=len(uncounted),
                        products=", ".join(
                            uncounted[:3].mapped("product_id.display_name")
                        ),
                    )
                )
        self._refresh_expected()
        self._multistore_workflow_write(
            {
                "date_validated": fields.Datetime.now(),
                "validated_by_id": self.env.user.id,
            }
        )
        for count in self:
            over = count._lines_over_threshold()
            if over:
                count._multistore_workflow_write({"state": "to_approve"})
                count._ask_approval(over)
            else:
                count._post()
        return True

    def action_approve(self):
        """The store manager accepts the differences: post them."""
        self._check_state("to_approve")
        for count in self:
            count._multistore_check_store_role(
                count.store_id,
                manager=True,
                action=self.env._("approve stock count differences"),
            )
        self._multistore_workflow_write(
            {
                "date_approved": fields.Datetime.now(),
                "approved_by_id": self.env.user.id,
            }
        )
        for count in self:
            count._post()
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_recount(self):
        """The store manager sends the count back to the counters."""
        self._check_state("to_approve")
        for count in self:
            count._multistore_check_store_role(
                count.store_id,
                manager=True,
                action=self.env._("send stock counts back for recounting"),
            )
        self._multistore_workflow_write({"state": "in_progress"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        for count in self:
            if count.state not in ("draft", "in_progress", "to_approve"):
                raise UserError(
                    self.env._(
                        "%(name)s is posted: its adjustments are in the stock. "
                        "Count again to correct them.",
                        name=count.name,
                    )
                )
            # Differences waiting for approval are the manager's to drop.
            count._multistore_check_store_role(
                count.store_id,
                manager=count.state == "to_approve",
                action=self.env._("cancel stock counts"),
            )
        self._multistore_workflow_write({"state": "cancel"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_draft(self):
        """Back to draft; starting again prints a fresh count sheet."""
        self._check_state("cancel")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )
        self._multistore_workflow_write({"state": "draft"})
        # The old sheet goes: lines are not deleted by hand outside counting.
        self.line_ids.sudo().unlink()
        return True

    def action_view_moves(self):
        self.ensure_one()
        self._multistore_check_store_role(
            self.store_id, action=self.env._("see the moves of stock counts")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.stock_move_action"
        )
        action["domain"] = [("multistore_stock_count_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _check_state(self, *states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for count in self:
            if count.state not in states:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: this step is not possible now.",
                        name=count.name,
                        state=labels[count.state],
                    )
                )

    def _check_counting(self):
        """Lines change while counting, by the staff of the count's store."""
        self._check_state("in_progress")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )

    def _quant_domain(self):
        self.ensure_one()
        domain = [
            ("location_id", "child_of", self.location_id.id),
            ("location_id.usage", "=", "internal"),
            ("owner_id", "=", False),
            ("product_id.is_storable", "=", True),
        ]
        if self.categ_id:
            domain.append(("product_id.categ_id", "child_of", self.categ_id.id))
        return domain

    def _generate_lines(self):
        """One line per product, lot, package and location in stock.

        As superuser: the expected quantity is a field of the store
        managers' group that staff never write (the calling step checked
        the role and the store).
        """
        Line = self.env["multistore.stock.count.line"].sudo()
        for count in self:
            groups = (
                self.env["stock.quant"]
                .sudo()
                ._read_group(
                    count._quant_domain(),
                    ["product_id", "location_id", "lot_id", "package_id"],
                    ["quantity:sum"],
                )
            )
            Line.create(
                [
                    {
                        "count_id": count.id,
                        "product_id": product.id,
                        "location_id": location.id,
                        "lot_id": lot.id,
                        "package_id": package.id,
                        "qty_snapshot": quantity,
                        "unit_cost": product.with_company(
                            count.company_id
                        ).standard_price,
                    }
                    for product, location, lot, package, quantity in groups
                    if not float_is_zero(
                        quantity, precision_rounding=product.uom_id.rounding
                    )
                ]
            )

    def _refresh_expected(self):
        """Expected quantities and costs as they are now in the stock.

        What posting applies is the counted quantity against the quants at
        that moment: the differences shown, checked and approved are those.
        """
        for line in self.sudo().line_ids:
            line.write(
                {
                    "qty_snapshot": line._current_quantity(),
                    "unit_cost": line.product_id.with_company(
                        line.count_id.company_id
                    ).standard_price,
                }
            )

    def _lines_over_threshold(self):
        self.ensure_one()
        return self.sudo().line_ids.filtered(lambda line: line._is_over_threshold())

    def _ask_approval(self, lines):
        """Tell the store manager; the message says how many, not how much."""
        self.ensure_one()
        body = self.env._(
            "%(count)s lines differ from the expected stock by more than the "
            "store's approval threshold: the store manager approves them or "
            "sends the count back for recounting.",
            count=len(lines),
        )
        self.message_post(body=body)
        manager = self.store_id.manager_id
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Approve the stock count differences"),
            )

    def _post(self):
        """Apply the counted quantities as Odoo inventory adjustments.

        As superuser, after the calling step checked the role and store:
        store staff have no right to apply inventory adjustments directly.
        The moves carry the count (``stock.quant._get_inventory_move_values``).
        """
        self.ensure_one()
        self._refresh_expected()
        Quant = self.env["stock.quant"].sudo()
        quants = Quant
        for line in self.sudo().line_ids:
            if float_is_zero(
                line.qty_counted - line.qty_snapshot,
                precision_rounding=line.product_id.uom_id.rounding,
            ):
                continue
            quant = line._quants()[:1]
            if not quant:
                quant = Quant.create(
                    {
                        "product_id": line.product_id.id,
                        "location_id": line.location_id.id,
                        "lot_id": line.lot_id.id,
                        "package_id": line.package_id.id,
                    }
                )
            # Odoo's own counted quantity: applying it books the difference.
            quant.inventory_quantity = (
                line.qty_counted + quant.quantity - (line.qty_snapshot)
            )
            quants |= quant
        if quants:
            result = quants.with_context(
                inventory_name=self.name,
                multistore_stock_count_id=self.id,
                set_inventory_quantity_auto_apply=True,
            ).action_apply_inventory()
            if isinstance(result, dict):
                raise UserError(
                    self.env._(
                        "%(name)s could not be posted: %(reason)s",
                        name=self.name,
                        reason=result.get("name", ""),
                    )
                )
        self._multistore_workflow_write(
            {"state": "done", "date_posted": fields.Datetime.now()}
        )
        self.message_post(
            body=self.env._(
                "Posted: %(moves)s inventory moves, valued %(value)s %(currency)s.",
                moves=len(self.move_ids),
                value=self.currency_id.round(self.valuation_amount),
                currency=self.currency_id.name,
            )
        )
