from odoo import api, models
from odoo.exceptions import UserError

# Fields Odoo itself links on done moves (valuation, analytic lines, chains of
# moves, returns): they never change what moved where.
DONE_MOVE_LINK_FIELDS = {
    "account_move_ids",
    "analytic_account_line_ids",
    "move_dest_ids",
    "move_orig_ids",
    "returned_move_ids",
    "stock_valuation_layer_ids",
}


class StockMove(models.Model):
    _inherit = "stock.move"

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves._multistore_check_locations()
        return moves

    def write(self, vals):
        self._multistore_check_done(vals)
        res = super().write(vals)
        if {"location_id", "location_dest_id"}.intersection(vals):
            self._multistore_check_locations()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_multistore_done(self):
        self._multistore_check_done()

    def _multistore_store(self):
        """The store a move belongs to: its picking's, else the store of its
        source or destination location (an inventory adjustment)."""
        stores = self.picking_id.store_id
        if not stores:
            locations = self.location_id | self.location_dest_id
            stores = locations._multistore_store()
        return stores[:1]

    def _multistore_check_locations(self):
        if self.env.su or not self:
            return
        (self.location_id | self.location_dest_id)._multistore_check_own_store()

    def _multistore_check_done(self, vals=None):
        """Store users never edit or delete a done move: it is stock history
        and valuation. Corrections are new moves (a return, an adjustment)."""
        if self.env.su or (vals is not None and not set(vals) - DONE_MOVE_LINK_FIELDS):
            return
        done = self.filtered(lambda move: move.state == "done")
        if done and self.env.user._is_store_restricted():
            raise UserError(
                self.env._(
                    "%(move)s is done: it can no longer be changed or deleted. "
                    "Correct the stock with a return or an inventory adjustment.",
                    move=done[0].display_name,
                )
            )
