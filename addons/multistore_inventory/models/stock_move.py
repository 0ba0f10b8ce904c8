from odoo import api, fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"

    multistore_stock_count_id = fields.Many2one(
        "multistore.stock.count",
        string="Stock Count",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The store stock count this inventory adjustment posted.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("multistore_stock_count_id") for vals in vals_list
        ):
            self._raise_count_link()
        return super().create(vals_list)

    def write(self, vals):
        # Posting a count links its moves (as superuser): a move tied to a
        # count by hand would show in its valuation.
        if not self.env.su and "multistore_stock_count_id" in vals:
            self._raise_count_link()
        return super().write(vals)

    def _raise_count_link(self):
        raise UserError(
            self.env._(
                "Inventory moves are linked to a stock count when the count is "
                "posted, not by hand."
            )
        )
