from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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

    # One concern per file: the document here, its steps in
    # multistore_stock_count_steps.py, its sheet and posting against the quants
    # in multistore_stock_count_stock.py.
    _name = "multistore.stock.count"
    _description = "Store Stock Count"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "barcodes.barcode_events_mixin",
        "multistore.workflow.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    # Who took each step and when (multistore.workflow.mixin); posting has
    # no user of its own (the validator or the approver posts).
    _multistore_workflow_steps = ("started", "validated", "approved", "posted")
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
    # Step fields besides the approval (declared by the workflow mixin).
    date_started = fields.Datetime(readonly=True, copy=False)
    started_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_validated = fields.Datetime(readonly=True, copy=False)
    validated_by_id = fields.Many2one("res.users", readonly=True, copy=False)
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

    def _check_counting(self):
        """Lines change while counting, by the staff of the count's store."""
        self._multistore_check_state("in_progress")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )
