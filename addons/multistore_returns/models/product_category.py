from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHAIN_MANAGER_GROUP = "multistore_base.group_chain_manager"


class ProductCategory(models.Model):
    """The return window of a category of products.

    Fresh food, underwear or cosmetics are not returned as long after the
    sale as shoes or appliances: a category may set its own window, which its
    sub-categories inherit unless they set theirs. 0 keeps the parent's (and
    at the top, the chain's default of the settings).
    """

    _inherit = "product.category"

    multistore_return_days = fields.Integer(
        string="Return Window (days)",
        default=0,
        help="Days after the sale during which products of this category may "
        "be returned, at every till and in the back office. 0: the window of "
        "the parent category, or the chain's default (Settings).",
    )
    multistore_return_days_applied = fields.Integer(
        string="Return Window Applied (days)",
        compute="_compute_multistore_return_days_applied",
        help="The window that applies to the products of this category: its "
        "own, else its parent's, else the chain's default.",
    )

    @api.depends("multistore_return_days", "parent_id.multistore_return_days")
    def _compute_multistore_return_days_applied(self):
        for category in self:
            category.multistore_return_days_applied = category._multistore_return_days()

    @api.constrains("multistore_return_days")
    def _check_multistore_return_days(self):
        for category in self:
            if category.multistore_return_days < 0:
                raise ValidationError(
                    self.env._(
                        "Category %(category)s has a return window of %(days)s "
                        "days: enter 0 or more days (0: the parent category's "
                        "window or the chain's default).",
                        category=category.display_name,
                        days=category.multistore_return_days,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A new category carries 0 (the default) from the form.
            if vals.get("multistore_return_days"):
                self._multistore_check_return_days_access()
        return super().create(vals_list)

    def write(self, vals):
        if "multistore_return_days" in vals:
            self._multistore_check_return_days_access()
        return super().write(vals)

    @api.model
    def _multistore_check_return_days_access(self):
        """The return policy is the chain's: only a chain manager sets the
        window of a category (product managers edit categories too)."""
        self._multistore_require_group(
            CHAIN_MANAGER_GROUP,
            action=self.env._("change the return window of a product category"),
        )

    def _multistore_return_days(self):
        """Days products of this category may be returned: the first window
        set from the category up through its parents, else the chain's
        default. An empty category (no category) has the default."""
        category = self[:1]
        seen = set()
        while category and category.id not in seen:
            if category.multistore_return_days > 0:
                return category.multistore_return_days
            seen.add(category.id)
            category = category.parent_id
        return self.env["multistore.return.policy"]._default_return_days()
