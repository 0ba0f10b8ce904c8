"""The most points the goods of a till order earn by a program's rules.

An upper bound that a till computing honestly never exceeds: the reward and
confirmation checks compare what a till sends with it.
"""

import math

from odoo import models
from odoo.osv import expression


class PosOrder(models.Model):
    # One concern of pos.order per file, on purpose (see pos_order.py).
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    def _multistore_earnable_points(self, card):
        """Most points this order can earn on ``card`` and spend at once.

        The most the program's rules give this order (see
        _multistore_max_program_points), tier multiplier included; the till
        computes the exact figure and confirms it later.
        """
        self.ensure_one()
        program = card.program_id
        if program.applies_on == "future" or program.program_type != "loyalty":
            return 0.0
        points = self._multistore_max_program_points(program)[0]
        partner = card.partner_id or self.partner_id
        return points * partner._multistore_earn_multiplier()

    def _multistore_goods_lines(self):
        """Lines of goods sold by this order (no reward, no refund line)."""
        return self.lines.filtered(
            lambda line: (
                not line.is_reward_line
                and not line.refunded_orderline_id
                and line.qty > 0
            )
        )

    def _multistore_max_program_points(self, program):
        """Most points the rules of ``program`` give this order, before tier.

        Returns ``(points, tolerance)``. Follows the till's computation
        (pos_loyalty ``pointsForPrograms``) on the goods sold, counting
        every rule whose products and minimums the goods meet, and ignoring
        what only lowers the figure (discounts of other rewards, rules that
        need a code): an upper bound that a till computing honestly never
        exceeds. The tolerance covers the till's rounding to 0.01 per rule
        and per unit when points are split per unit, and the currency's
        rounding of each line's subtotal. Line amounts are the lines'
        subtotals: multistore_base checks them against the lines' prices
        (checked against the store's price list), quantities and taxes
        whenever a till or a user sets them
        (``pos.order._multistore_check_line_amounts``).
        """
        self.ensure_one()
        goods = self._multistore_goods_lines()
        rounding = self.currency_id.rounding
        Product = self.env["product.product"].with_context(active_test=False)
        points = 0.0
        tolerance = 0.01
        for rule in program.rule_ids:
            domain = rule._get_valid_product_domain()
            lines = goods
            if domain:
                valid = Product.search(
                    expression.AND([[("id", "in", goods.product_id.ids)], domain])
                )
                lines = goods.filtered(lambda line, v=valid: line.product_id in v)
            amount_incl = sum(max(line.price_subtotal_incl, 0.0) for line in lines)
            amount_excl = sum(max(line.price_subtotal, 0.0) for line in lines)
            quantity = sum(lines.mapped("qty"))
            minimum_amount = (
                amount_incl if rule.minimum_amount_tax_mode == "incl" else amount_excl
            )
            if quantity < (
                rule.minimum_qty or 0
            ) or rule.minimum_amount > minimum_amount + rounding * (len(lines) + 1):
                continue
            if rule.reward_point_mode == "order":
                points += rule.reward_point_amount
            elif rule.reward_point_mode == "money":
                points += rule.reward_point_amount * amount_incl
                tolerance += 0.01 * (1 + math.ceil(quantity))
                tolerance += rule.reward_point_amount * rounding * len(lines)
            elif rule.reward_point_mode == "unit":
                points += rule.reward_point_amount * quantity
            tolerance += 0.01
        return points, tolerance
