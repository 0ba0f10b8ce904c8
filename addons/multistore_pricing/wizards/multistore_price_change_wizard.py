from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.multistore_price_change import REASON_SELECTION, ROUNDING_SELECTION


class MultistorePriceChangeWizard(models.TransientModel):
    """One % change with rounding on a category, for chosen stores.

    Shows the old and new price of every product in every store before it
    submits one price change request for approval. Store managers use it
    for their own stores only, chain managers for any store or the chain.
    """

    _name = "multistore.price.change.wizard"
    _description = "Bulk Price Change"

    categ_id = fields.Many2one("product.category", string="Category", required=True)
    scope = fields.Selection(
        [("chain", "Whole chain"), ("stores", "Listed stores")],
        default="stores",
        required=True,
    )
    store_ids = fields.Many2many("multistore.store", string="Stores")
    percent = fields.Float(string="Change (%)", required=True)
    rounding = fields.Selection(
        ROUNDING_SELECTION,
        default="99",
        required=True,
    )
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="End")
    reason = fields.Selection(
        REASON_SELECTION,
        required=True,
        default="promotion",
    )
    note = fields.Text()
    line_ids = fields.One2many(
        "multistore.price.change.wizard.line", "wizard_id", string="Preview"
    )

    def _change_vals(self):
        return {
            "target": "category",
            "categ_id": self.categ_id.id,
            "scope": self.scope,
            "store_ids": [fields.Command.set(self.store_ids.ids)],
            "price_mode": "percent",
            "percent": self.percent,
            "rounding": self.rounding,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "reason": self.reason,
            "note": self.note,
        }

    def action_preview(self):
        self.ensure_one()
        self._check_stores()
        change = self.env["multistore.price.change"].new(self._change_vals())
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    key: vals[key]
                    for key in ("product_id", "store_id", "old_price", "new_price")
                }
            )
            for vals in change._prepare_lines()
        ]
        return self._reopen()

    def action_submit(self):
        self.ensure_one()
        self._check_stores()
        if not self.line_ids:
            raise UserError(
                self.env._("Preview the prices first: nothing would change yet.")
            )
        change = self.env["multistore.price.change"].create(self._change_vals())
        change.action_submit()
        return {
            "type": "ir.actions.act_window",
            "res_model": "multistore.price.change",
            "res_id": change.id,
            "view_mode": "form",
        }

    def _check_stores(self):
        """The same limits as the price change request it submits."""
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("change prices in bulk"),
        )
        user = self.env.user
        if not user._is_store_restricted():
            return
        if self.scope == "chain":
            raise UserError(
                self.env._(
                    "A chain-wide price change is for chain managers: list your "
                    "stores instead."
                )
            )
        foreign = self.store_ids - user.store_ids
        if foreign or not self.store_ids:
            raise UserError(
                self.env._(
                    "List the stores to reprice among your own stores "
                    "(%(allowed)s), not %(stores)s.",
                    allowed=", ".join(user.store_ids.mapped("display_name")) or "-",
                    stores=", ".join(foreign.mapped("display_name")) or "-",
                )
            )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.onchange("categ_id", "scope", "store_ids", "percent", "rounding")
    def _onchange_reset_preview(self):
        self.line_ids = [fields.Command.clear()]
