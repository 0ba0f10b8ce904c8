import math

from odoo import models
from odoo.exceptions import UserError, ValidationError

from .multistore_price_change import LIVE_STATES


def round_retail(price, rule):
    """Round ``price`` to a retail price point.

    ``99``/``90``: the nearest price ending in .99/.90 (ties go up);
    ``whole``: the nearest whole unit (halves go up); ``none``: cents.
    Never returns less than the smallest price point of the rule.
    """
    if rule in ("99", "90"):
        ending = int(rule) / 100.0
        base = math.floor(price)
        below, above = base - 1 + ending, base + ending
        rounded = below if price - below < above - price else above
        return round(max(rounded, ending), 2)
    if rule == "whole":
        return float(max(math.floor(price + 0.5), 1))
    return round(price, 2)


class MultistorePriceChange(models.Model):
    """The prices of a change: the old and new price of each product in
    each price list it writes into, the overlap check against other live
    changes and the dated price list items of an approved change."""

    # One concern of the model per file, on purpose (see multistore_price_change.py).
    _inherit = "multistore.price.change"  # pylint: disable=consider-merging-classes-inherited

    def _target_products(self):
        if self.target == "product":
            return self.product_id
        return self.env["product.product"].search(
            [("categ_id", "child_of", self.categ_id.id), ("sale_ok", "=", True)]
        )

    def _target_pricelists(self):
        """{store or empty store: price list} the change writes into."""
        if self.scope == "chain":
            pricelist = self.company_id.multistore_pricelist_id
            if not pricelist:
                raise UserError(
                    self.env._(
                        "Set the chain price list of %(company)s in the settings "
                        "before changing chain prices.",
                        company=self.company_id.name,
                    )
                )
            return {self.env["multistore.store"]: pricelist}
        # _origin: the bulk wizard previews with an unsaved (new) change.
        stores = self.store_ids._origin
        stores._ensure_store_pricelist()
        return {store: store.pricelist_id for store in stores}

    def _prepare_lines(self):
        self.ensure_one()
        lines = []
        products = self._target_products()
        for store, pricelist in self._target_pricelists().items():
            old_prices = pricelist._get_products_price(
                products, 1.0, date=self.date_start
            )
            for product in products:
                old = old_prices[product.id]
                if self.price_mode == "fixed":
                    new = round_retail(self.new_price, self.rounding)
                else:
                    new = round_retail(old * (1 + self.percent / 100.0), self.rounding)
                lines.append(
                    {
                        "product_id": product.id,
                        "store_id": store.id,
                        "pricelist_id": pricelist.id,
                        "old_price": old,
                        "new_price": new,
                    }
                )
        return lines

    def _check_overlap(self):
        self.ensure_one()
        others = self.env["multistore.price.change.line"].search(
            [
                ("change_id", "!=", self.id),
                ("change_id.state", "in", LIVE_STATES),
                ("product_id", "in", self.line_ids.product_id.ids),
                ("pricelist_id", "in", self.line_ids.pricelist_id.ids),
            ]
        )
        mine = {(line.product_id, line.pricelist_id) for line in self.line_ids}
        for line in others:
            other = line.change_id
            if (line.product_id, line.pricelist_id) not in mine:
                continue
            if (not other.date_end or other.date_end > self.date_start) and (
                not self.date_end or self.date_end > other.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s overlaps %(other)s for %(product)s in "
                        "%(where)s: change the dates or cancel one of them.",
                        name=self.name,
                        other=other.name,
                        product=line.product_id.display_name,
                        where=line.store_id.display_name or self.env._("the chain"),
                    )
                )

    def _create_items(self):
        """The approved prices, as dated items of the price lists.

        sudo(): the items are linked to the change, a link only the flow
        sets (``multistore_price_change_id`` is a workflow field of the
        items); the approver's role was checked by action_approve.
        """
        self.ensure_one()
        self.env["product.pricelist.item"].sudo().create(
            [
                {
                    "pricelist_id": line.pricelist_id.id,
                    "applied_on": "0_product_variant",
                    "product_id": line.product_id.id,
                    "product_tmpl_id": line.product_id.product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": line.new_price,
                    "date_start": self.date_start,
                    "date_end": self.date_end,
                    "multistore_price_change_id": self.id,
                }
                for line in self.line_ids
            ]
        )
