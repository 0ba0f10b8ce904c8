from odoo import api, models
from odoo.exceptions import UserError


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._multistore_check_locations()
        return lines

    def write(self, vals):
        self._multistore_check_done()
        res = super().write(vals)
        if {"location_id", "location_dest_id", "move_id"}.intersection(vals):
            self._multistore_check_locations()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_multistore_done(self):
        self._multistore_check_done()

    def _multistore_check_locations(self):
        if self.env.su or not self:
            return
        (self.location_id | self.location_dest_id)._multistore_check_own_store()

    def _multistore_check_done(self):
        """Store users never edit or delete the detailed operations of a done
        move (quantities, lots, locations): see stock.move."""
        if self.env.su:
            return
        done = self.filtered(lambda line: line.state == "done")
        if done and self.env.user._is_store_restricted():
            raise UserError(
                self.env._(
                    "%(line)s is done: it can no longer be changed or deleted. "
                    "Correct the stock with a return or an inventory adjustment.",
                    line=done[0].display_name,
                )
            )
