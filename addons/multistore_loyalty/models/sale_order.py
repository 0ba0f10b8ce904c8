from odoo import models
from odoo.tools import float_round

from .loyalty_card import POINTS_DIGITS, points_flow


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _multistore_store_domain(self, prefix=""):
        self.ensure_one()
        return [
            "|",
            (f"{prefix}store_ids", "=", False),
            (f"{prefix}store_ids", "in", self.store_id.ids),
        ]

    def _get_program_domain(self):
        """Only the programs that run in the quotation's store apply."""
        return super()._get_program_domain() + self._multistore_store_domain()

    def _get_trigger_domain(self):
        return super()._get_trigger_domain() + self._multistore_store_domain(
            "program_id."
        )

    def _try_apply_code(self, code):
        """Say why a card is refused when its program runs in other stores."""
        result = super()._try_apply_code(code)
        if result.get("not_found"):
            card = self.env["loyalty.card"].search([("code", "=", code)], limit=1)
            program = card.program_id
            if program and not program._multistore_is_valid_in_store(self.store_id):
                result["error"] = self.env._(
                    "Card %(code)s belongs to program %(program)s, which runs only "
                    "in %(stores)s and not in store %(store)s.",
                    code=code,
                    program=program.name,
                    stores=", ".join(program.store_ids.mapped("display_name")),
                    store=self.store_id.display_name or "-",
                )
        return result

    def _program_check_compute_points(self, programs):
        """Apply the member's tier multiplier to the points loyalty earns."""
        result = super()._program_check_compute_points(programs)
        multiplier = self.partner_id._multistore_earn_multiplier()
        if multiplier == 1.0:
            return result
        for program, program_result in result.items():
            if program.program_type == "loyalty" and "points" in program_result:
                program_result["points"] = [
                    float_round(points * multiplier, POINTS_DIGITS)
                    for points in program_result["points"]
                ]
        return result

    def action_confirm(self):
        """Check stores and lock the cards whose points the orders change.

        sale_loyalty adds the point changes of the confirmed orders to the
        cards; holding the card rows until the transaction ends keeps two
        orders (or an order and a till) from spending the same points.
        """
        Card = self.env["loyalty.card"]
        for order in self.filtered(lambda o: o.state != "sale"):
            changes = order._get_point_changes()
            for card in changes:
                card.program_id._multistore_check_store(order.store_id, card)
            Card._multistore_check_balances(
                {card: delta for card, delta in changes.items() if card.id}
            )
        # sale_loyalty adds the points computed by the server (and takes those
        # of the reward lines) as the user: the points flow lets it.
        with points_flow():
            res = super().action_confirm()
        self.partner_id._multistore_update_tier()
        return res

    def _action_cancel(self):
        # sale_loyalty gives the confirmed points back as the user.
        with points_flow():
            return super()._action_cancel()
