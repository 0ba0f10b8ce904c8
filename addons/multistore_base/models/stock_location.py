from odoo import models
from odoo.exceptions import AccessError


class StockLocation(models.Model):
    _inherit = "stock.location"

    def _multistore_store(self):
        """Store whose warehouse holds these locations (empty for locations
        outside every store: customers, suppliers, transit, inventory loss).

        Read as superuser: the warehouse of another store is hidden from a
        store user by its rule, yet its store is what is being checked.
        """
        return self.sudo().warehouse_id.store_id

    def _multistore_check_own_store(self):
        """Refuse locations of stores outside the user's allowed stores.

        Stock moves, move lines, pickings and quant adjustments of a store
        user go in and out of the user's own stores only; locations outside
        every store (transit, customers, suppliers, inventory loss) stay
        usable, so transfers, sales and adjustments keep working.
        """
        if self.env.su or not self or not self.env.user._is_store_restricted():
            return
        allowed = self.env.user.store_ids
        for location in self:
            store = location._multistore_store()
            if store and store not in allowed:
                raise AccessError(
                    self.env._(
                        "%(location)s is a location of store %(store)s, which is "
                        "not one of your stores. Move stock in your own stores "
                        "only, and between stores with a transfer.",
                        location=location.sudo().display_name,
                        store=store.display_name,
                    )
                )
