from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_unique_product_code = fields.Boolean(
        related="company_id.multistore_unique_product_code", readonly=False
    )

    def action_multistore_duplicate_codes(self):
        """The products whose internal references are shared, to fix them."""
        self.ensure_one()
        clashes = self.env["product.product"]._multistore_duplicate_codes(
            self.company_id
        )
        ids = [pid for products in clashes.values() for pid in products.ids]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Shared Internal References"),
            "res_model": "product.product",
            "view_mode": "list,form",
            "domain": [("id", "in", ids)],
            "context": {"active_test": False, "group_by": "default_code"},
        }
