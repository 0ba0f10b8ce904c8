from odoo import models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_inventory_move_values(
        self,
        qty,
        location_id,
        location_dest_id,
        package_id=False,
        package_dest_id=False,
    ):
        """Tie the inventory move to the store stock count that posts it."""
        values = super()._get_inventory_move_values(
            qty,
            location_id,
            location_dest_id,
            package_id=package_id,
            package_dest_id=package_dest_id,
        )
        count_id = self.env.context.get("multistore_stock_count_id")
        if count_id:
            values["multistore_stock_count_id"] = count_id
        return values
