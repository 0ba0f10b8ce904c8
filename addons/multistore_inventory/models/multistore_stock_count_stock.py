from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class MultistoreStockCount(models.Model):
    """The stock side of a count: the count sheet from Odoo's quants and the
    posting of the counted quantities as Odoo inventory adjustments."""

    # One concern of the model per file, on purpose (see multistore_stock_count.py).
    _inherit = "multistore.stock.count"  # pylint: disable=consider-merging-classes-inherited

    def _quant_domain(self):
        self.ensure_one()
        domain = [
            ("location_id", "child_of", self.location_id.id),
            ("location_id.usage", "=", "internal"),
            ("owner_id", "=", False),
            ("product_id.is_storable", "=", True),
        ]
        if self.categ_id:
            domain.append(("product_id.categ_id", "child_of", self.categ_id.id))
        return domain

    def _generate_lines(self):
        """One line per product, lot, package and location in stock.

        As superuser: the expected quantity is a field of the store
        managers' group that staff never write (the calling step checked
        the role and the store).
        """
        Line = self.env["multistore.stock.count.line"].sudo()
        for count in self:
            groups = (
                self.env["stock.quant"]
                .sudo()
                ._read_group(
                    count._quant_domain(),
                    ["product_id", "location_id", "lot_id", "package_id"],
                    ["quantity:sum"],
                )
            )
            Line.create(
                [
                    {
                        "count_id": count.id,
                        "product_id": product.id,
                        "location_id": location.id,
                        "lot_id": lot.id,
                        "package_id": package.id,
                        "qty_snapshot": quantity,
                        "unit_cost": product.with_company(
                            count.company_id
                        ).standard_price,
                    }
                    for product, location, lot, package, quantity in groups
                    if not float_is_zero(
                        quantity, precision_rounding=product.uom_id.rounding
                    )
                ]
            )

    def _refresh_expected(self):
        """Expected quantities and costs as they are now in the stock.

        What posting applies is the counted quantity against the quants at
        that moment: the differences shown, checked and approved are those.
        """
        for line in self.sudo().line_ids:
            line.write(
                {
                    "qty_snapshot": line._current_quantity(),
                    "unit_cost": line.product_id.with_company(
                        line.count_id.company_id
                    ).standard_price,
                }
            )

    def _post(self):
        """Apply the counted quantities as Odoo inventory adjustments.

        As superuser, after the calling step checked the role and store:
        store staff have no right to apply inventory adjustments directly.
        The moves carry the count (``stock.quant._get_inventory_move_values``).
        """
        self.ensure_one()
        self._refresh_expected()
        Quant = self.env["stock.quant"].sudo()
        quants = Quant
        for line in self.sudo().line_ids:
            if float_is_zero(
                line.qty_counted - line.qty_snapshot,
                precision_rounding=line.product_id.uom_id.rounding,
            ):
                continue
            quant = line._quants()[:1]
            if not quant:
                quant = Quant.create(
                    {
                        "product_id": line.product_id.id,
                        "location_id": line.location_id.id,
                        "lot_id": line.lot_id.id,
                        "package_id": line.package_id.id,
                    }
                )
            # Odoo's own counted quantity: applying it books the difference.
            quant.inventory_quantity = (
                line.qty_counted + quant.quantity - (line.qty_snapshot)
            )
            quants |= quant
        if quants:
            result = quants.with_context(
                inventory_name=self.name,
                multistore_stock_count_id=self.id,
                set_inventory_quantity_auto_apply=True,
            ).action_apply_inventory()
            if isinstance(result, dict):
                raise UserError(
                    self.env._(
                        "%(name)s could not be posted: %(reason)s",
                        name=self.name,
                        reason=result.get("name", ""),
                    )
                )
        self._multistore_workflow_step("posted", {"state": "done"})
        self.message_post(
            body=self.env._(
                "Posted: %(moves)s inventory moves, valued %(value)s %(currency)s.",
                moves=len(self.move_ids),
                value=self.currency_id.round(self.valuation_amount),
                currency=self.currency_id.name,
            )
        )
