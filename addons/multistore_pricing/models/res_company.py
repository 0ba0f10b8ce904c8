from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    multistore_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Chain Price List",
        check_company=True,
        help="The one price list of the chain. Each store's price list is based "
        "on it and holds only the store's own overrides.",
    )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("multistore_pricelist_id"):
            stores = self.env["multistore.store"].search(
                [("company_id", "in", self.ids)]
            )
            stores._ensure_store_pricelist()
        return res
