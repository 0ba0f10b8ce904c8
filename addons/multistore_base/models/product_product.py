from odoo import api, models
from odoo.exceptions import ValidationError


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.constrains("default_code", "company_id")
    def _check_default_code_chain_unique(self):
        """One catalogue for the chain: an internal reference names one product.

        Barcodes are already unique per company in Odoo (product's own
        ``_check_barcode_uniqueness``); internal references are not.
        """
        codes = [code for code in self.mapped("default_code") if code]
        if not codes:
            return
        others = self.with_context(active_test=False).search(
            [("default_code", "in", codes), ("id", "not in", self.ids)]
        )
        for product in self.filtered("default_code"):
            clash = others.filtered(
                lambda p, product=product: (
                    p.default_code == product.default_code
                    and (
                        not p.company_id
                        or not product.company_id
                        or p.company_id == product.company_id
                    )
                )
            )[:1]
            if clash:
                raise ValidationError(
                    self.env._(
                        "Internal reference %(code)s is already used by product "
                        "%(other)s: give %(product)s another internal reference.",
                        code=product.default_code,
                        other=clash.display_name,
                        product=product.name,
                    )
                )
