from collections import defaultdict

from odoo import api, models
from odoo.exceptions import ValidationError

# Duplicates named in one message; the rest is counted.
MESSAGE_LIMIT = 20


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.constrains("default_code", "company_id")
    def _check_default_code_chain_unique(self):
        """One catalogue for the chain: an internal reference names one product.

        Only once the chain chose it (``res.company.multistore_unique_product_code``):
        Odoo allows two products with one reference, and so do we until then.
        Barcodes are already unique per company in Odoo (product's own
        ``_check_barcode_uniqueness``); internal references are not.
        """
        codes = {code for code in self.mapped("default_code") if code}
        if not codes:
            return
        companies = self._multistore_unique_code_companies()
        if not companies:
            return
        clashes = self._multistore_duplicate_codes(companies, codes)
        for product in self.filtered(lambda p: p.default_code in clashes):
            others = clashes[product.default_code] - product
            if not others:
                continue
            raise ValidationError(
                self.env._(
                    "Internal reference %(code)s is already used by product "
                    "%(other)s: give %(product)s another internal reference.",
                    code=product.default_code,
                    other=others[:1].display_name,
                    product=product.name,
                )
            )

    @api.model
    def _multistore_unique_code_companies(self):
        # sudo: the setting of every company decides, whichever companies the
        # current user may read.
        return (
            self.env["res.company"]
            .sudo()
            .search([("multistore_unique_product_code", "=", True)])
        )

    @api.model
    def _multistore_duplicate_codes(self, companies, codes=None):
        """``{code: products}`` of the internal references that two products
        sold by one of ``companies`` share.

        A product of a company is sold by that company, a product without
        company by every company. Archived products count: reactivating one
        would bring its duplicate back.
        """
        # sudo: the check covers products the user cannot read (archived, of
        # another company); only their names and codes are reported.
        Product = self.sudo().with_context(active_test=False)
        domain = [("default_code", "!=", False)]
        if codes is not None:
            domain = [("default_code", "in", list(codes))]
        shared = [
            code
            for [code] in Product._read_group(
                domain, ["default_code"], having=[("__count", ">", 1)]
            )
        ]
        if not shared:
            return {}
        by_code = defaultdict(lambda: Product.browse())
        for product in Product.search(
            [("default_code", "in", shared)], order="default_code, id"
        ):
            by_code[product.default_code] |= product
        clashes = {}
        for code, products in by_code.items():
            for company in companies:
                sold = products.filtered(
                    lambda p, company=company: (
                        not p.company_id or p.company_id == company
                    )
                )
                if len(sold) > 1:
                    clashes[code] = clashes.get(code, Product.browse()) | sold
        return clashes

    @api.model
    def _multistore_duplicate_codes_text(self, clashes):
        """One line per shared reference: the products and their companies."""
        lines = []
        for code in sorted(clashes)[:MESSAGE_LIMIT]:
            names = ", ".join(
                self.env._(
                    "%(product)s (%(company)s)",
                    product=product.display_name,
                    company=product.company_id.name or self.env._("every company"),
                )
                for product in clashes[code]
            )
            lines.append(f"{code}: {names}")
        if len(clashes) > MESSAGE_LIMIT:
            lines.append(
                self.env._(
                    "… and %(count)s more references.",
                    count=len(clashes) - MESSAGE_LIMIT,
                )
            )
        return "\n".join(lines)
