from odoo import api, models
from odoo.exceptions import UserError


class ProductProduct(models.Model):
    _inherit = "product.product"

    def action_view_store_stock(self):
        self._multistore_require_group(
            "multistore_base.group_store_user",
            action=self.env._("see the stock per store"),
        )
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_inventory.multistore_stock_matrix_action"
        )
        action["domain"] = [("product_id", "in", self.ids)]
        action["context"] = {"search_default_group_store": 0}
        return action

    @api.model
    def multistore_other_stores_stock(self, product_id, config_id):
        """What the till shows: the product's availability in the other stores.

        Called by the POS product info popup, for a till of one of the
        user's stores only. It answers quantities and the other stores'
        name, phone and address (chain-wide information): no document of
        another store is read.
        """
        self._multistore_require_group(
            "multistore_base.group_store_user",
            action=self.env._("check the stock of other stores"),
        )
        if not all(
            isinstance(value, int) and not isinstance(value, bool)
            for value in (product_id, config_id)
        ):
            raise UserError(
                self.env._("Give the ids of a product and of a till of your store.")
            )
        config = self.env["pos.config"].browse(config_id).exists()
        product = self.browse(product_id).exists()
        if not config or not product:
            raise UserError(
                self.env._("This product or till does not exist (any more).")
            )
        # Record rules: a till of another store is not readable for a
        # store-restricted user.
        config.check_access("read")
        product.check_access("read")
        own_store = config.store_id
        config._multistore_check_store_role(
            own_store, action=self.env._("check the stock of other stores")
        )
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
