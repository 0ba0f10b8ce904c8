from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Shared with the bulk price change wizard: one list of each.
ROUNDING_SELECTION = [
    ("none", "No rounding"),
    ("99", "End in .99"),
    ("90", "End in .90"),
    ("whole", "Whole units"),
]
REASON_SELECTION = [
    ("cost", "Cost change"),
    ("competitor", "Competitor"),
    ("promotion", "Promotion"),
    ("clearance", "Clearance"),
    ("other", "Other"),
]

# States in which a change holds (or will hold) prices: overlaps are refused.
LIVE_STATES = ("submitted", "approved", "active")
# Fields of the request itself: the form edits them only in draft.
REQUEST_FIELDS = (
    "company_id",
    "target",
    "product_id",
    "categ_id",
    "scope",
    "store_ids",
    "price_mode",
    "new_price",
    "percent",
    "rounding",
    "reason",
)
# Dates stay editable until the chain manager decides.
DATE_FIELDS = ("date_start", "date_end")


class MultistorePriceChange(models.Model):
    """A request to change a price, for the chain or for listed stores.

    Flow: draft -> submitted (store manager for own stores, or chain
    manager) -> approved or rejected (chain manager) -> active on its start
    date -> expired on its end date. Approval writes one fixed-price item per
    product into the chain price list or each listed store's price list,
    limited to the change's dates; expiry removes them, which leaves the
    price lists exactly as they were before the change.

    The state, the requester and approver, the computed price lines and the
    price list items change only through the action methods, which check the
    role; a store manager edits only draft requests whose stores are all
    theirs (record rules and ``_check_store_scope``).
    """

    # One concern per file: the request here, its steps and dated life in
    # multistore_price_change_steps.py, its prices and price list items in
    # multistore_price_change_prices.py.
    _name = "multistore.price.change"
    _description = "Price Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "multistore.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Who took each step and when (multistore.workflow.mixin).
    _multistore_workflow_steps = ("requested", "approved")
    _multistore_workflow_fields = (
        "state",
        "date_requested",
        "requested_by_id",
        "date_approved",
        "approved_by_id",
        "line_ids",
        "item_ids",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("rejected", "Rejected"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    target = fields.Selection(
        [("product", "Product"), ("category", "Product Category")],
        string="Applies To",
        default="product",
        required=True,
        tracking=True,
    )
    product_id = fields.Many2one(
        "product.product", check_company=True, tracking=True, index=True
    )
    categ_id = fields.Many2one("product.category", string="Category", tracking=True)
    scope = fields.Selection(
        [("chain", "Whole chain"), ("stores", "Listed stores")],
        default="stores",
        required=True,
        tracking=True,
    )
    store_ids = fields.Many2many(
        "multistore.store", string="Stores", check_company=True, tracking=True
    )
    price_mode = fields.Selection(
        [("fixed", "New price"), ("percent", "% change")],
        default="fixed",
        required=True,
    )
    new_price = fields.Float(digits="Product Price", tracking=True)
    percent = fields.Float(
        string="Change (%)",
        tracking=True,
        help="Negative lowers the price: -10 is 10% off.",
    )
    rounding = fields.Selection(
        ROUNDING_SELECTION,
        default="none",
        required=True,
    )
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now, tracking=True
    )
    date_end = fields.Datetime(string="End", tracking=True)
    reason = fields.Selection(
        REASON_SELECTION,
        required=True,
        default="cost",
        tracking=True,
    )
    note = fields.Text()
    # The request step (the approval's fields are the workflow mixin's).
    date_requested = fields.Datetime(readonly=True, copy=False)
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    line_ids = fields.One2many(
        "multistore.price.change.line", "change_id", string="Prices", copy=False
    )
    item_ids = fields.One2many(
        "product.pricelist.item", "multistore_price_change_id", string="Price Items"
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for change in self:
            if change.date_end and change.date_end <= change.date_start:
                raise ValidationError(
                    self.env._(
                        "Price change %(name)s ends before it starts: set an end "
                        "date after the start date, or none.",
                        name=change.name,
                    )
                )

    @api.constrains("price_mode", "new_price", "percent")
    def _check_price(self):
        for change in self:
            if change.price_mode == "fixed" and change.new_price <= 0:
                raise ValidationError(
                    self.env._(
                        "The new price must be greater than zero: enter the "
                        "shelf price the product should have."
                    )
                )
            if change.price_mode == "percent" and (
                not change.percent or change.percent <= -100
            ):
                raise ValidationError(
                    self.env._(
                        "The change in % must be different from 0 and above "
                        "-100: e.g. -10 lowers prices by 10 percent."
                    )
                )

    @api.constrains("target", "product_id", "categ_id", "scope", "store_ids")
    def _check_target(self):
        for change in self:
            if change.target == "product" and not change.product_id:
                raise ValidationError(self.env._("Select the product to reprice."))
            if change.target == "category" and not change.categ_id:
                raise ValidationError(self.env._("Select the category to reprice."))
            if change.scope == "stores" and not change.store_ids:
                raise ValidationError(
                    self.env._(
                        "List the stores the change applies to, or make it chain-wide."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("multistore.price.change")
                    or "/"
                )
        changes = super().create(vals_list)
        changes._check_store_scope()
        return changes

    def write(self, vals):
        if not self.env.su:
            # The record rules first: they say whose request it is.
            self.check_access("write")
            self._check_editable(vals)
        res = super().write(vals)
        if not self.env.su and {"scope", "store_ids"} & set(vals):
            self._check_store_scope()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_live(self):
        if any(change.state in ("approved", "active") for change in self):
            raise UserError(
                self.env._(
                    "An approved or active price change cannot be deleted: "
                    "cancel it first."
                )
            )

    def _check_chain_manager(self):
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._(
                "approve, reject or cancel an approved price change (ask a "
                "chain manager to review it)"
            ),
        )

    def _check_can_submit(self):
        """A store manager acts on requests for their own stores only."""
        user = self.env.user
        if self.env.su or user.has_group("multistore_base.group_chain_manager"):
            return
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("submit price changes"),
        )
        if self.scope == "chain":
            raise UserError(
                self.env._(
                    "A chain-wide price change is for chain managers: list your "
                    "stores instead."
                )
            )
        foreign = self.store_ids - user.store_ids
        if foreign:
            raise UserError(
                self.env._(
                    "You can request price changes for your own stores only, not "
                    "for %(stores)s.",
                    stores=", ".join(foreign.sudo().mapped("display_name")),
                )
            )

    def _check_store_scope(self):
        """After a create or write by a store manager: their stores only.

        Record rules check a request before it is written, never the stores
        written into it.
        """
        if self.env.su or not self.env.user._is_store_restricted():
            return
        for change in self:
            change._check_can_submit()

    def _check_editable(self, vals):
        """What the form locks once a request left draft is locked here too."""
        locked = {
            name: states
            for names, states in (
                (REQUEST_FIELDS, ("draft",)),
                (DATE_FIELDS, ("draft", "submitted")),
            )
            for name in names
        }
        for change in self:
            fixed = [
                name
                for name in vals
                if name in locked and change.state not in locked[name]
            ]
            if fixed:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: %(fields)s can no longer change. "
                        "Set it back to draft, or cancel it and request a new "
                        "change.",
                        name=change.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[change.state],
                        fields=", ".join(
                            sorted(
                                self._fields[name].get_description(self.env)["string"]
                                for name in fixed
                            )
                        ),
                    )
                )
