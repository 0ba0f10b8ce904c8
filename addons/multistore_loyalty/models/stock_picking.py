from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _link_owner_on_return_picking(self, lines):
        """Find the owner of returned goods also when sold by another store.

        A till may refund an order of another store (returns anywhere): the
        refunded order and its delivery are hidden from the cashier by the
        store rules. sudo() on the refund lines lets Odoo read that one
        order's delivery; the return picking itself is written as the user.
        """
        return super()._link_owner_on_return_picking(lines.sudo())
