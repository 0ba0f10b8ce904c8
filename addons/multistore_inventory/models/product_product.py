from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def action_view_store_stock(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_inventory.multistore_stock_matrix_action"
        )
        action["domain"] = [("product_id", "in", self.ids)]
        action["context"] = {"search_default_group_store": 0}
        return action

    @api.model
    def multistore_other_stores_stock(self, product_id, config_id):
        """What the till shows: the product's availability in the other stores.

        Called by the POS product info popup. Quantities and store addresses
        are chain-wide information: no document of the other store is read.
        """
        product = self.browse(product_id)
        own_store = self.env["pos.config"].browse(config_id).store_id
        rows = self.env["multistore.stock.matrix"]._store_quantities(
            product, exclude_store=own_store
        )
        return [
            {
                "store": row.store_id.display_name,
                "qty": row.qty_available,
                "phone": row.store_id.phone or "",
                "address": " ".join(
                    (
                        row.store_id.partner_id._display_address(without_company=True)
                        or ""
                    ).split()
                ),
            }
            for row in rows.sorted(lambda r: -r.qty_available)
            if row.store_id.store_type != "warehouse"
        ]
