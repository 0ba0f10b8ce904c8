from odoo import api, models


class MultistorePriceHistory(models.Model):
    _inherit = "multistore.price.history"

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        Webhook = self.env["multistore.api.webhook"]
        all_stores = self.env["multistore.store"].sudo().search([])
        for row in rows:
            # A row without store is the chain price: every store follows it.
            stores = row.store_id or all_stores
            Webhook._notify(
                "price_changed",
                stores,
                {
                    "product_id": row.product_id.id,
                    "default_code": row.product_id.default_code or None,
                    "store_code": row.store_id.code or None,
                    "price": row.price,
                    "old_price": row.old_price,
                    "valid_from": row.date_from,
                    "valid_until": row.date_to or None,
                },
            )
        return rows
