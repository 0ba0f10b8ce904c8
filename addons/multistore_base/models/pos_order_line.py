from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

# Line amounts, checked against the line's price, quantity and taxes.
AMOUNT_LINE_FIELDS = ("price_subtotal", "price_subtotal_incl")
# Line fields that decide whether its price (and taxes) are the store's.
PRICE_LINE_FIELDS = (
    "order_id",
    "product_id",
    "qty",
    "price_unit",
    "tax_ids",
    "refunded_orderline_id",
    "attribute_value_ids",
    "combo_parent_id",
    "combo_item_id",
)


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    store_id = fields.Many2one(related="order_id.store_id", store=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Operation log: refunds at the till.
        self.env["auditlog.log"]._multistore_log_till_lines(lines)
        if not self.env.su and not self.env["pos.order"]._multistore_in_till_sync():
            lines.order_id._multistore_check_till_prices(lines)
            lines._multistore_check_amounts()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if (
            not self.env.su
            and any(name in vals for name in PRICE_LINE_FIELDS)
            and not self.env["pos.order"]._multistore_in_till_sync()
        ):
            self.order_id._multistore_check_till_prices(self)
        if (
            not self.env.su
            and any(name in vals for name in AMOUNT_LINE_FIELDS)
            and not self.env["pos.order"]._multistore_in_till_sync()
        ):
            self._multistore_check_amounts()
        return res

    def _multistore_check_amounts(self):
        """Subtotals written outside a till's sync (which checks them with
        the order's total) follow from the lines' prices: see
        ``pos.order._multistore_check_line_amounts``."""
        for order in self.order_id.filtered("store_id"):
            order._multistore_check_line_amounts(
                self.filtered(lambda line, order=order: line.order_id == order)
            )

    def _multistore_amounts(self):
        """``{line: {"price_subtotal": ..., "price_subtotal_incl": ...}}``:
        the amounts of these lines as ``_compute_amount_line_all`` computes
        them, for all the lines at once.

        ``_compute_amount_line_all`` calls ``account.tax.compute_all``, which
        also prepares the accounting data of every tax (repartition lines,
        accounts, tags): the amounts do not depend on them, and fetching
        them cost the till's sync a dozen queries per order. This runs the
        same computation (``_get_tax_details``, with the arguments
        ``compute_all`` gives it) without that part.
        """
        AccountTax = self.env["account.tax"]
        if "force_price_include" in self.env.context:
            force = self.env.context["force_price_include"]
            special_mode = "total_included" if force else "total_excluded"
        else:
            special_mode = False
        round_base = self.env.context.get("round_base", True)
        # Per order and per company: the same for every line.
        currencies = {}
        companies = {}
        amounts = {}
        for line in self:
            order = line.order_id
            taxes = order.fiscal_position_id.map_tax(line.tax_ids)
            if taxes:
                tax_company = taxes[0].company_id
                company = companies.get(tax_company.id)
                if company is None:
                    company = companies[tax_company.id] = (
                        tax_company._accessible_branches()[:1] or tax_company
                    )
            else:
                company = self.env.company
            currency = currencies.get((order.id, company.id))
            if currency is None:
                currency = currencies[order.id, company.id] = (
                    order.currency_id or company.currency_id
                )
            price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            details = (taxes or AccountTax)._get_tax_details(
                price_unit=price,
                quantity=line.qty,
                precision_rounding=currency.rounding,
                rounding_method=company.tax_calculation_rounding_method,
                product=line.product_id,
                special_mode=special_mode,
            )
            excluded = details["total_excluded"]
            included = details["total_included"]
            if round_base:
                excluded = currency.round(excluded)
                included = currency.round(included)
            amounts[line] = {
                "price_subtotal": excluded,
                "price_subtotal_incl": included,
            }
        return amounts

    def _multistore_till_taxes(self):
        """The taxes a till gives this line: its product's taxes of the
        order's company (the till loads those only; the order's fiscal
        position maps them afterwards, in ``tax_ids_after_fiscal_position``)."""
        self.ensure_one()
        return self.product_id.taxes_id._filter_taxes_by_company(
            self.order_id.company_id
        )

    def _multistore_is_price_exempt(self):
        """Whether this line keeps the price the till gave it.

        Base: a tip (the till's tip product: the amount the customer gives).
        multistore_loyalty adds its reward lines.
        """
        self.ensure_one()
        config = self.order_id.config_id
        return bool(
            config.iface_tipproduct
            and config.tip_product_id
            and self.product_id == config.tip_product_id
            and self.price_unit * self.qty >= 0
        )

    def _multistore_price_requests(self):
        """``[(product, qty, extra)]``: the price list prices this line may
        carry, as the till computes them (``ProductProduct.get_price``):
        the product's price for the line's quantity, with the prices of the
        attribute values that are not variants of their own.

        A product scanned by its barcode is priced without them by the till:
        for a line without chosen attribute values, that price counts too.
        """
        self.ensure_one()
        values = (
            self.attribute_value_ids
            | self.product_id.product_template_variant_value_ids
        ).filtered(lambda value: value.attribute_id.create_variant != "always")
        extra = sum(values.mapped("price_extra"))
        requests = [(self.product_id, self.qty, extra)]
        if extra and not self.attribute_value_ids:
            requests.append((self.product_id, self.qty, 0.0))
        return requests

    def _multistore_price_candidates(self, prices):
        """The unit prices the till may show for price list ``prices``.

        With a fiscal position that maps a tax-included tax, Odoo also
        adapts the price (``_fix_tax_included_price_company``).
        """
        self.ensure_one()
        fiscal_position = self.order_id.fiscal_position_id
        if not fiscal_position:
            return prices
        company = self.order_id.company_id
        taxes = self.product_id.taxes_id.filtered(lambda tax: tax.company_id == company)
        mapped = fiscal_position.map_tax(taxes)
        if mapped == taxes:
            return prices
        AccountTax = self.env["account.tax"]
        return prices + [
            AccountTax._fix_tax_included_price_company(price, taxes, mapped, company)
            for price in prices
        ]

    def _multistore_combo_extra(self):
        """Extra prices of the chosen combo items (these lines), which the
        till adds to the combo's price."""
        return sum(
            line.combo_item_id.extra_price
            + sum(line.attribute_value_ids.mapped("price_extra"))
            for line in self
        )

    @api.constrains("refunded_orderline_id", "qty")
    def _check_multistore_refund_qty(self):
        """Refuse refunding more than was sold (for every user, every till).

        The till limits the quantity it offers to refund, but nothing on the
        server did: a stale till, a second till or a forged payload could
        refund a line twice (and reverse its points twice). The refunded line
        may belong to another store: sudo() reads that line and its refunds.
        """
        for line in self.sudo().filtered("refunded_orderline_id"):
            source = line.refunded_orderline_id
            refunds = source.refund_orderline_ids.filtered(
                lambda refund: refund.order_id.state != "cancel"
            )
            refunded = -sum(refunds.mapped("qty"))
            precision = source.product_uom_id.rounding or 0.01
            if float_compare(refunded, source.qty, precision_rounding=precision) > 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(refunded)s refunded but only %(sold)s sold "
                        "on order %(order)s. Refund at most %(left)s.",
                        product=source.product_id.display_name,
                        refunded=refunded,
                        sold=source.qty,
                        order=source.order_id.display_name,
                        left=max(source.qty + sum((refunds - line).mapped("qty")), 0.0),
                    )
                )

    def _multistore_check_sold_terms(self, product, taxes, price_unit, discount, order):
        """A line giving back what was sold on ``order`` (a till refund, the
        return of an online order) names the product sold, with the taxes,
        the price and no smaller discount it was sold with."""
        self.ensure_one()
        rounding = self.order_id.currency_id.rounding
        sold = product.display_name
        if self.product_id != product:
            raise ValidationError(
                self.env._(
                    "A refund line of %(product)s names a line of %(sold)s "
                    "on order %(order)s: refund the product that was sold.",
                    product=self.product_id.display_name,
                    sold=sold,
                    order=order,
                )
            )
        if self.tax_ids != taxes:
            raise ValidationError(
                self.env._(
                    "%(product)s was sold with the taxes %(taxes)s on order "
                    "%(order)s: refund it with the same taxes.",
                    product=sold,
                    taxes=", ".join(taxes.mapped("name")) or "-",
                    order=order,
                )
            )
        if (
            float_compare(
                abs(self.price_unit - price_unit),
                rounding,
                precision_rounding=rounding / 100,
            )
            > 0
            or float_compare(self.discount, discount, precision_digits=2) < 0
        ):
            raise ValidationError(
                self.env._(
                    "%(product)s was sold at %(price)s (discount %(discount)s%%) "
                    "on order %(order)s: refund it at that price, not at "
                    "%(refund_price)s (discount %(refund_discount)s%%).",
                    product=sold,
                    price=price_unit,
                    discount=discount,
                    order=order,
                    refund_price=self.price_unit,
                    refund_discount=self.discount,
                )
            )
