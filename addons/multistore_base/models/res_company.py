from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    multistore_unique_product_code = fields.Boolean(
        string="Unique Internal References",
        help="No two products sold by this company share an internal reference. "
        "Off until the chain chooses it (Odoo allows shared references); it "
        "cannot be turned on while products share one.",
    )

    @api.constrains("multistore_unique_product_code")
    def _check_multistore_unique_product_code(self):
        companies = self.filtered("multistore_unique_product_code")
        if not companies:
            return
        Product = self.env["product.product"]
        clashes = Product._multistore_duplicate_codes(companies)
        if clashes:
            raise ValidationError(
                self.env._(
                    "Internal references cannot be made unique yet: these are "
                    "used by several products.\n%(duplicates)s\nGive each product "
                    "its own internal reference, then turn the setting on again.",
                    duplicates=Product._multistore_duplicate_codes_text(clashes),
                )
            )

    def _multistore_keep_unique_product_code(self):
        """Turn the setting on for the companies without shared references.

        For databases of release 18.0.1.0.0, which refused shared references
        chain-wide without a setting (upgrade script). Returns the companies
        left off because products share references, to fix by hand.
        """
        Product = self.env["product.product"]
        blocked = self.browse()
        for company in self:
            if Product._multistore_duplicate_codes(company):
                blocked |= company
        (self - blocked).multistore_unique_product_code = True
        return blocked
