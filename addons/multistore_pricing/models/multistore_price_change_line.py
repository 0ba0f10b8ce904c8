from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class MultistorePriceChangeLine(models.Model):
    """Old and new price of one product in one price list of a change.

    Lines are computed by the change (``action_compute_lines``, run again on
    submit) and applied by its approval: users read them, and the change
    writes them. A line always names a price list of the change's own
    stores (or the chain list of a chain-wide change), so that an approval
    never writes into another store's price list.
    """

    _name = "multistore.price.change.line"
    _description = "Price Change Line"
    _order = "change_id, store_id, product_id"

    change_id = fields.Many2one(
        "multistore.price.change", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one("product.product", required=True, index=True)
    store_id = fields.Many2one(
        "multistore.store", help="Empty for the chain price list."
    )
    pricelist_id = fields.Many2one("product.pricelist", required=True, index=True)
    old_price = fields.Float(digits="Product Price", readonly=True)
    new_price = fields.Float(digits="Product Price", readonly=True)
    change_percent = fields.Float(
        string="Change (%)", compute="_compute_change_percent"
    )

    @api.depends("old_price", "new_price")
    def _compute_change_percent(self):
        for line in self:
            line.change_percent = (
                (line.new_price - line.old_price) / line.old_price * 100
                if line.old_price
                else 0.0
            )

    @api.constrains("change_id", "store_id", "pricelist_id")
    def _check_pricelist_of_change(self):
        for line in self:
            change = line.change_id
            if change.scope == "chain":
                expected = change.company_id.multistore_pricelist_id
                wrong = line.store_id or line.pricelist_id != expected
            else:
                wrong = (
                    line.store_id not in change.store_ids
                    or line.pricelist_id != line.store_id.pricelist_id
                )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "%(change)s can only change the price list of its own "
                        "stores (or the chain price list when chain-wide), not "
                        "%(pricelist)s: preview the prices again.",
                        change=change.name,
                        pricelist=line.pricelist_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_change_editable()
        return lines

    def write(self, vals):
        self._check_change_editable()
        res = super().write(vals)
        if "change_id" in vals:
            self._check_change_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_change_editable(self):
        self._check_change_editable()

    def _check_change_editable(self):
        """Lines of a request change with the request only.

        Store managers have no write access to lines; this also holds for
        anyone else who has: a line changes only while the user may edit
        its request (a draft of their stores; a submitted one for a chain
        manager) and, for store-restricted users, only in their stores.
        """
        if self.env.su:
            return
        user = self.env.user
        chain_manager = user.has_group("multistore_base.group_chain_manager")
        for line in self:
            change = line.change_id
            editable = change.state == "draft" or (
                change.state == "submitted" and chain_manager
            )
            foreign_store = user._is_store_restricted() and (
                not line.store_id or line.store_id not in user.store_ids
            )
            if not editable or foreign_store:
                raise AccessError(
                    self.env._(
                        "The prices of %(change)s cannot be edited here: they "
                        "are computed from the request (Preview prices) while "
                        "it is a draft of your stores.",
                        change=change.name,
                    )
                )
        self.change_id.check_access("write")
