import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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


def round_retail(price, rule):
    """Round ``price`` to a retail price point.

    ``99``/``90``: the nearest price ending in .99/.90 (ties go up);
    ``whole``: the nearest whole unit (halves go up); ``none``: cents.
    Never returns less than the smallest price point of the rule.
    """
    if rule in ("99", "90"):
        ending = int(rule) / 100.0
        base = math.floor(price)
        below, above = base - 1 + ending, base + ending
        rounded = below if price - below < above - price else above
        return round(max(rounded, ending), 2)
    if rule == "whole":
        return float(max(math.floor(price + 0.5), 1))
    return round(price, 2)


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

    _name = "multistore.price.change"
    _description = "Price Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _multistore_workflow_fields = (
        "state",
        "requested_by_id",
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
        [
            ("none", "No rounding"),
            ("99", "End in .99"),
            ("90", "End in .90"),
            ("whole", "Whole units"),
        ],
        default="none",
        required=True,
    )
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now, tracking=True
    )
    date_end = fields.Datetime(string="End", tracking=True)
    reason = fields.Selection(
        [
            ("cost", "Cost change"),
            ("competitor", "Competitor"),
            ("promotion", "Promotion"),
            ("clearance", "Clearance"),
            ("other", "Other"),
        ],
        required=True,
        default="cost",
        tracking=True,
    )
    note = fields.Text()
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
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

    def action_compute_lines(self):
        """Preview: the old and new price of each product in each price list.

        Lines are computed, never typed: they are written here, for a
        request the user may edit (a draft of their stores, or a submitted
        request for a chain manager).
        """
        for change in self:
            if change.state not in ("draft", "submitted"):
                raise UserError(
                    self.env._("Prices of %(name)s are settled.", name=change.name)
                )
            change._multistore_workflow_write(
                {
                    "line_ids": [fields.Command.clear()]
                    + [fields.Command.create(vals) for vals in change._prepare_lines()]
                }
            )
        return True

    def action_submit(self):
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("submit price changes"),
        )
        for change in self:
            change._check_state("draft")
            change._check_can_submit()
            change.action_compute_lines()
            if not change.line_ids:
                raise UserError(
                    self.env._(
                        "%(name)s changes no price: the category has no product.",
                        name=change.name,
                    )
                )
            change._check_overlap()
            change._multistore_workflow_write(
                {"state": "submitted", "requested_by_id": self.env.user.id}
            )
        return True

    def action_approve(self):
        self._check_chain_manager()
        for change in self:
            change._check_state("submitted")
            change._check_overlap()
            change._create_items()
            change._multistore_workflow_write(
                {"state": "approved", "approved_by_id": self.env.user.id}
            )
        self._activate_due()
        return True

    def action_reject(self):
        self._check_chain_manager()
        for change in self:
            change._check_state("submitted")
        self._multistore_workflow_write({"state": "rejected"})
        return True

    def action_cancel(self):
        """Withdraw a request (its requester) or stop an approved change
        (chain manager): its price list items go, the history closes."""
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("cancel price changes"),
        )
        for change in self:
            if change.state in ("expired", "rejected", "cancel"):
                raise UserError(
                    self.env._(
                        "%(name)s is already closed.",
                        name=change.name,
                    )
                )
            if change.state in ("approved", "active"):
                change._check_chain_manager()
            else:
                change._check_can_submit()
        self._close_history()
        self._unlink_items()
        # Submitted requests are closed to their requester's edits (record
        # rules): the role and stores were checked above.
        self._multistore_workflow_write({"state": "cancel"}, operation="read")
        return True

    def action_draft(self):
        """Take a submitted, rejected or cancelled request back to draft."""
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("reopen price changes"),
        )
        for change in self:
            change._check_state("submitted", "rejected", "cancel")
            change._check_can_submit()
        self._multistore_workflow_write({"state": "draft"}, operation="read")
        return True

    @api.model
    def _cron_apply_price_changes(self):
        """Activate the approved changes that started, expire the ended ones."""
        now = fields.Datetime.now()
        self.search([("state", "=", "active"), ("date_end", "<=", now)])._expire()
        self.search([("state", "=", "approved")])._activate_due()

    def _activate_due(self):
        now = fields.Datetime.now()
        due = self.filtered(lambda c: c.state == "approved" and c.date_start <= now)
        # The price history is a record of what the flow did: only the flow
        # writes it (sudo), for the changes it activates.
        History = self.env["multistore.price.history"].sudo()
        for change in due:
            History.create(
                [
                    {
                        "product_id": line.product_id.id,
                        "store_id": line.store_id.id,
                        "price": line.new_price,
                        "old_price": line.old_price,
                        "date_from": change.date_start,
                        "date_to": change.date_end,
                        "price_change_id": change.id,
                        "company_id": change.company_id.id,
                    }
                    for line in change.line_ids
                ]
            )
        due._multistore_workflow_write({"state": "active"}, operation="read")
        expired = due.filtered(lambda c: c.date_end and c.date_end <= now)
        expired._expire()

    def _expire(self):
        self._close_history()
        self._unlink_items()
        self._multistore_workflow_write({"state": "expired"}, operation="read")

    def _unlink_items(self):
        """Remove the price list items of these changes.

        sudo(): the items belong to the change (not to the user's price list
        rights); the caller checked the role for the change.
        """
        self.sudo().item_ids.unlink()

    def _close_history(self):
        now = fields.Datetime.now()
        # sudo(): see _activate_due, only the flow writes the history.
        History = self.env["multistore.price.history"].sudo()
        for change in self:
            history = History.search([("price_change_id", "=", change.id)])
            end = min(change.date_end, now) if change.date_end else now
            history.filtered(lambda h, end=end: not h.date_to or h.date_to > end).write(
                {"date_to": end}
            )

    def _check_state(self, *states):
        if self.state not in states:
            raise UserError(
                self.env._(
                    "%(name)s is %(state)s: this step is not possible now.",
                    name=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ],
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

    def _target_products(self):
        if self.target == "product":
            return self.product_id
        return self.env["product.product"].search(
            [("categ_id", "child_of", self.categ_id.id), ("sale_ok", "=", True)]
        )

    def _target_pricelists(self):
        """{store or empty store: price list} the change writes into."""
        if self.scope == "chain":
            pricelist = self.company_id.multistore_pricelist_id
            if not pricelist:
                raise UserError(
                    self.env._(
                        "Set the chain price list of %(company)s in the settings "
                        "before changing chain prices.",
                        company=self.company_id.name,
                    )
                )
            return {self.env["multistore.store"]: pricelist}
        # _origin: the bulk wizard previews with an unsaved (new) change.
        stores = self.store_ids._origin
        stores._ensure_store_pricelist()
        return {store: store.pricelist_id for store in stores}

    def _prepare_lines(self):
        self.ensure_one()
        lines = []
        products = self._target_products()
        for store, pricelist in self._target_pricelists().items():
            old_prices = pricelist._get_products_price(
                products, 1.0, date=self.date_start
            )
            for product in products:
                old = old_prices[product.id]
                if self.price_mode == "fixed":
                    new = round_retail(self.new_price, self.rounding)
                else:
                    new = round_retail(old * (1 + self.percent / 100.0), self.rounding)
                lines.append(
                    {
                        "product_id": product.id,
                        "store_id": store.id,
                        "pricelist_id": pricelist.id,
                        "old_price": old,
                        "new_price": new,
                    }
                )
        return lines

    def _check_overlap(self):
        self.ensure_one()
        others = self.env["multistore.price.change.line"].search(
            [
                ("change_id", "!=", self.id),
                ("change_id.state", "in", LIVE_STATES),
                ("product_id", "in", self.line_ids.product_id.ids),
                ("pricelist_id", "in", self.line_ids.pricelist_id.ids),
            ]
        )
        mine = {(line.product_id, line.pricelist_id) for line in self.line_ids}
        for line in others:
            other = line.change_id
            if (line.product_id, line.pricelist_id) not in mine:
                continue
            if (not other.date_end or other.date_end > self.date_start) and (
                not self.date_end or self.date_end > other.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s overlaps %(other)s for %(product)s in "
                        "%(where)s: change the dates or cancel one of them.",
                        name=self.name,
                        other=other.name,
                        product=line.product_id.display_name,
                        where=line.store_id.display_name or self.env._("the chain"),
                    )
                )

    def _create_items(self):
        """The approved prices, as dated items of the price lists.

        sudo(): the items are linked to the change, a link only the flow
        sets (``multistore_price_change_id`` is a workflow field of the
        items); the approver's role was checked by action_approve.
        """
        self.ensure_one()
        self.env["product.pricelist.item"].sudo().create(
            [
                {
                    "pricelist_id": line.pricelist_id.id,
                    "applied_on": "0_product_variant",
                    "product_id": line.product_id.id,
                    "product_tmpl_id": line.product_id.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": line.new_price,
                    "date_start": self.date_start,
                    "date_end": self.date_end,
                    "multistore_price_change_id": self.id,
                }
                for line in self.line_ids
            ]
        )
