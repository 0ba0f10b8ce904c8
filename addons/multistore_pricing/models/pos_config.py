from odoo import fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    multistore_max_discount = fields.Float(
        related="store_id.pos_max_discount",
        string="Max. Discount at the Till (%)",
        help="Largest manual discount per line the till accepts (store setting).",
    )

    def _get_available_pricelists(self):
        """Load the price lists the store list is based on (the chain list).

        The till computes prices of "based on another price list" rules only
        when that list is loaded too; it stays out of the cashier's choice
        (``available_pricelist_ids``).
        """
        pricelists = super()._get_available_pricelists()
        bases = pricelists
        while bases:
            bases = bases.item_ids.base_pricelist_id - pricelists
            pricelists |= bases
        return pricelists
