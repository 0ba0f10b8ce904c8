from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

# Products and lines of a transfer can change until it is approved.
EDITABLE_STATES = ("draft", "requested")
# What each step records on a line: in which state of the transfer, and by
# the staff of which of its stores ("source" or "dest"). The form opens
# these fields at the same moments; the server refuses them at any other.
STEP_FIELDS = {
    "qty_shipped": ("approved", "source"),
    "qty_received": ("shipped", "dest"),
    "discrepancy_reason": ("shipped", "dest"),
    "discrepancy_note": ("shipped", "dest"),
}


class MultistoreTransferLine(models.Model):
    """A product of a transfer, with the quantities of each step.

    ``qty_before_receipt`` is the destination store's stock of the product
    at the moment of the receipt: the base of the "stock-outs avoided"
    report (``multistore.stockout.avoided``).
    """

    _name = "multistore.transfer.line"
    _description = "Transfer Between Stores Line"
    _order = "transfer_id, id"
    # Never set at creation; written by the steps only (see ``write``).
    _multistore_workflow_fields = (*STEP_FIELDS, "qty_before_receipt")
    # The stores are the transfer's: the transfer's own check applies.
    _multistore_own_store_field = None

    transfer_id = fields.Many2one(
        "multistore.transfer", required=True, ondelete="cascade", index=True
    )
    state = fields.Selection(related="transfer_id.state")
    product_id = fields.Many2one(
        "product.product", required=True, domain=[("type", "=", "consu")]
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_requested = fields.Float(
        string="Requested", digits="Product Unit of Measure", required=True, default=1.0
    )
    qty_shipped = fields.Float(
        string="Shipped", digits="Product Unit of Measure", copy=False
    )
    qty_received = fields.Float(
        string="Received", digits="Product Unit of Measure", copy=False
    )
    qty_difference = fields.Float(
        string="Difference",
        digits="Product Unit of Measure",
        compute="_compute_qty_difference",
        help="Shipped but not received: written off with its reason.",
    )
    discrepancy_reason = fields.Selection(
        [
            ("damaged", "Damaged in transit"),
            ("lost", "Lost in transit"),
            ("short", "Short shipped"),
            ("other", "Other"),
        ],
        string="Difference Reason",
        copy=False,
    )
    discrepancy_note = fields.Char(string="Difference Note", copy=False)
    qty_before_receipt = fields.Float(
        string="On Hand Before Receipt",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        help="Quantity the destination store had in stock (all its internal "
        "locations) just before this line was received.",
    )

    @api.depends("qty_shipped", "qty_received", "transfer_id.state")
    def _compute_qty_difference(self):
        for line in self:
            line.qty_difference = (
                line.qty_shipped - line.qty_received
                if line.transfer_id.state in ("shipped", "received", "done")
                else 0.0
            )

    @api.constrains("qty_requested", "qty_shipped", "qty_received")
    def _check_quantities(self):
        for line in self:
            if line.qty_requested <= 0:
                raise ValidationError(
                    self.env._(
                        "Request a positive quantity of %(product)s.",
                        product=line.product_id.display_name,
                    )
                )
            if line.qty_shipped < 0 or line.qty_received < 0:
                raise ValidationError(
                    self.env._(
                        "Quantities of %(product)s cannot be negative.",
                        product=line.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        transfer_ids = {
            vals["transfer_id"] for vals in vals_list if "transfer_id" in vals
        }
        self.env["multistore.transfer"].browse(transfer_ids)._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        step_vals = {name: vals[name] for name in STEP_FIELDS if name in vals}
        if step_vals and not self.env.su:
            # Recorded by the step's store, in the step's state: checked here,
            # then written past the workflow-field guard.
            self._multistore_check_values(step_vals)
            self._check_step_fields(step_vals)
            vals = {
                name: value for name, value in vals.items() if name not in step_vals
            }
            self._multistore_workflow_write(step_vals)
            if not vals:
                return True
        frozen = {"product_id", "qty_requested"} & vals.keys()
        if frozen and any(line.state not in EDITABLE_STATES for line in self):
            raise UserError(
                self.env._(
                    "Products and requested quantities are fixed once a transfer "
                    "is approved."
                )
            )
        if "transfer_id" in vals:
            # Moving a line is removing it from one transfer and adding it
            # to another.
            transfers = self.transfer_id | self.transfer_id.browse(vals["transfer_id"])
            transfers._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self.transfer_id._check_lines_editable()

    def _check_step_fields(self, vals):
        """The staff of the step's store record its fields, in its state."""
        states = dict(
            self.env["multistore.transfer"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        for line in self:
            transfer = line.transfer_id
            for name in vals:
                state, side = STEP_FIELDS[name]
                if transfer.state != state:
                    raise UserError(
                        self.env._(
                            "%(field)s of %(name)s can be recorded only while it is "
                            "%(step_state)s (it is %(state)s): use the transfer's "
                            "buttons.",
                            field=self._fields[name].get_description(self.env)[
                                "string"
                            ],
                            name=transfer.name,
                            step_state=states[state],
                            state=states[transfer.state],
                        )
                    )
                store = (
                    transfer.source_store_id
                    if side == "source"
                    else transfer.dest_store_id
                )
                transfer._multistore_check_store_role(
                    store,
                    action=self.env._("ship transfers")
                    if side == "source"
                    else self.env._("receive transfers"),
                )

    def _check_shipped_quantity(self):
        """Shipped is at most what the source store's manager approved."""
        for line in self:
            if (
                float_compare(
                    line.qty_shipped,
                    line.qty_requested,
                    precision_rounding=line.product_uom_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(shipped)s %(product)s to ship but %(requested)s "
                        "approved: ship at most the approved quantity and "
                        "request the rest in a new transfer.",
                        shipped=line.qty_shipped,
                        product=line.product_id.display_name,
                        requested=line.qty_requested,
                    )
                )

    def _check_received_quantity(self):
        """More cannot arrive than was shipped."""
        for line in self:
            if (
                float_compare(
                    line.qty_received,
                    line.qty_shipped,
                    precision_rounding=line.product_uom_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "%(received)s %(product)s received but only %(shipped)s "
                        "shipped: count again, more cannot arrive than was sent.",
                        received=line.qty_received,
                        product=line.product_id.display_name,
                        shipped=line.qty_shipped,
                    )
                )

    def _check_difference_reason(self):
        """A line received short says why, before the difference is booked."""
        for line in self:
            missing = line.qty_shipped - line.qty_received
            if float_is_zero(missing, precision_rounding=line.product_uom_id.rounding):
                continue
            if not line.discrepancy_reason:
                raise UserError(
                    self.env._(
                        "%(product)s: %(missing)s of %(shipped)s shipped did not "
                        "arrive. Give the reason of the difference.",
                        product=line.product_id.display_name,
                        missing=missing,
                        shipped=line.qty_shipped,
                    )
                )

    def _discrepancy_label(self):
        self.ensure_one()
        reasons = dict(
            self._fields["discrepancy_reason"]._description_selection(self.env)
        )
        label = reasons.get(self.discrepancy_reason, "")
        return f"{label}: {self.discrepancy_note}" if self.discrepancy_note else label
