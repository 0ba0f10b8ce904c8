from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.multistore_base.models.base import (
    STORE_MANAGER_GROUP as MANAGER_GROUP,
)

# What a counter records on a line.
COUNT_FIELDS = ("qty_counted", "is_counted")


class MultistoreStockCountLine(models.Model):
    """A product (lot, package) of a count sheet in one location.

    ``qty_snapshot`` is the quantity the system expects, readable by store
    managers only (field group); ``qty_expected``, ``qty_difference`` and
    ``value_difference`` are what the current user may see of it: nothing
    while the count is blind for them. These are computed, not stored, so
    that no search or grouping can reveal the expected quantity either.
    """

    _name = "multistore.stock.count.line"
    _description = "Store Stock Count Line"
    _order = "count_id, location_id, product_id, id"
    _check_company_auto = True
    # Recorded by the count's steps from the quants, never by hand.
    _multistore_workflow_fields = ("qty_snapshot", "unit_cost")

    count_id = fields.Many2one(
        "multistore.stock.count",
        string="Stock Count",
        required=True,
        ondelete="cascade",
        index=True,
    )
    store_id = fields.Many2one(
        related="count_id.store_id", store=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        related="count_id.company_id", store=True, readonly=True
    )
    currency_id = fields.Many2one(related="count_id.currency_id")
    state = fields.Selection(related="count_id.state")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain=[("is_storable", "=", True)],
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    tracking = fields.Selection(related="product_id.tracking")
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        check_company=True,
        compute="_compute_location_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    package_id = fields.Many2one("stock.quant.package")
    qty_snapshot = fields.Float(
        string="Expected (system)",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        groups=MANAGER_GROUP,
        help="Quantity in stock when the count started, refreshed when it is "
        "validated and posted.",
    )
    unit_cost = fields.Float(
        digits="Product Price",
        readonly=True,
        copy=False,
        help="The product's cost when the line was last refreshed.",
    )
    qty_counted = fields.Float(string="Counted", digits="Product Unit of Measure")
    is_counted = fields.Boolean(
        string="Done",
        help="Set when a quantity is entered or scanned; every line is counted "
        "before the count is validated (0 when none is on the shelf).",
    )
    qty_expected = fields.Float(
        string="Expected",
        digits="Product Unit of Measure",
        compute="_compute_difference",
    )
    qty_difference = fields.Float(
        string="Difference",
        digits="Product Unit of Measure",
        compute="_compute_difference",
    )
    value_difference = fields.Monetary(
        string="Difference Value",
        compute="_compute_difference",
        help="Difference at the product's cost.",
    )
    over_threshold = fields.Boolean(
        string="Needs Approval",
        compute="_compute_difference",
        help="The difference is above the store's approval threshold, in value "
        "or in percent of the expected quantity.",
    )

    @api.depends("count_id.location_id")
    def _compute_location_id(self):
        for line in self:
            if not line.location_id:
                line.location_id = line.count_id.location_id

    @api.depends(
        "qty_counted",
        "qty_snapshot",
        "unit_cost",
        "product_id",
        "count_id.blind",
        "count_id.state",
        "count_id.store_id.count_approval_amount",
        "count_id.store_id.count_approval_percent",
    )
    @api.depends_context("uid")
    def _compute_difference(self):
        for line in self:
            if not line.count_id.expected_visible:
                line.qty_expected = 0.0
                line.qty_difference = 0.0
                line.value_difference = 0.0
                line.over_threshold = False
                continue
            # The expected quantity is a field of the managers' group; the
            # visibility of this count for this user was checked above.
            expected = line.sudo().qty_snapshot
            line.qty_expected = expected
            line.qty_difference = line.qty_counted - expected
            line.value_difference = line.qty_difference * line._cost()
            line.over_threshold = line.sudo()._is_over_threshold()

    @api.constrains("qty_counted")
    def _check_qty_counted(self):
        for line in self:
            if line.qty_counted < 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: a counted quantity cannot be negative; "
                        "enter what is on the shelf (0 when there is none).",
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("count_id", "product_id", "location_id", "lot_id", "package_id")
    def _check_line(self):
        for line in self:
            count = line.count_id
            if line.location_id.usage != "internal" or not (
                line.location_id._child_of(count.location_id)
            ):
                raise ValidationError(
                    self.env._(
                        "%(location)s is not in the counted location %(counted)s: "
                        "count %(product)s in %(counted)s or one of its "
                        "sublocations.",
                        location=line.location_id.display_name,
                        counted=count.location_id.display_name,
                        product=line.product_id.display_name,
                    )
                )
            twins = count.line_ids.filtered(
                lambda other, line=line: (
                    other != line
                    and other.product_id == line.product_id
                    and other.location_id == line.location_id
                    and other.lot_id == line.lot_id
                    and other.package_id == line.package_id
                )
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "%(product)s is already on the count sheet for %(location)s: "
                        "add to that line's counted quantity instead.",
                        product=line.product_id.display_name,
                        location=line.location_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        counts = self.env["multistore.stock.count"].browse(
            {vals["count_id"] for vals in vals_list if vals.get("count_id")}
        )
        counts._check_counting()
        for vals in vals_list:
            if "qty_counted" in vals:
                vals["is_counted"] = True
        lines = super().create(vals_list)
        # A line added while counting expects what the stock holds of it.
        for line in lines.sudo():
            line.write(
                {
                    "qty_snapshot": line._current_quantity(),
                    "unit_cost": line.product_id.with_company(
                        line.company_id
                    ).standard_price,
                }
            )
        return lines

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        other = set(vals) - set(COUNT_FIELDS)
        if other:
            raise UserError(
                self.env._(
                    "Only the counted quantity of a count line changes: to count "
                    "another product, lot or location, add a line (and delete "
                    "this one if it was added by mistake)."
                )
            )
        self.count_id._check_counting()
        if "qty_counted" in vals and "is_counted" not in vals:
            vals = dict(vals, is_counted=True)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_counting(self):
        if not self.env.su:
            self.count_id._check_counting()

    def _cost(self):
        self.ensure_one()
        return (
            self.unit_cost
            or self.product_id.with_company(
                self.company_id or self.env.company
            ).standard_price
        )

    def _quants(self):
        """The quants this line counts (superuser: the count's steps use it)."""
        self.ensure_one()
        return (
            self.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("product_id", "=", self.product_id.id),
                    ("location_id", "=", self.location_id.id),
                    ("lot_id", "=", self.lot_id.id),
                    ("package_id", "=", self.package_id.id),
                    ("owner_id", "=", False),
                ]
            )
        )

    def _current_quantity(self):
        self.ensure_one()
        return sum(self._quants().mapped("quantity"))

    def _is_over_threshold(self):
        """Whether the difference needs the store manager's approval.

        Above the store's value threshold, or above its percent threshold
        of the expected quantity (a difference on nothing expected is 100%).
        """
        self.ensure_one()
        rounding = self.product_id.uom_id.rounding or 0.01
        difference = self.qty_counted - self.qty_snapshot
        if float_is_zero(difference, precision_rounding=rounding):
            return False
        store = self.count_id.store_id
        value = abs(difference * self._cost())
        if float_compare(value, store.count_approval_amount, precision_digits=2) > 0:
            return True
        if float_is_zero(self.qty_snapshot, precision_rounding=rounding):
            percent = 100.0
        else:
            percent = abs(difference) / abs(self.qty_snapshot) * 100.0
        return (
            float_compare(percent, store.count_approval_percent, precision_digits=2) > 0
        )
