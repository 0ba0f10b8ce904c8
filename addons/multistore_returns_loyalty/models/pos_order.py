from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class PosOrder(models.Model):
    """Refunds paid back as store credit on the customer's eWallet.

    pos_loyalty lets a till pay a refund (an order whose total is negative)
    into the customer's eWallet: its *eWallet* button adds a top-up line of
    the eWallet program for what the order gives back, and the card gains
    those points when the order is confirmed. Multistore checks it on the
    server, for every till user but the superuser:

    - the top-up line of a return is exempt from the store's price list (its
      price is the amount refunded, see ``pos.order.line``);
    - the store credit of an order taking goods back is at most what the
      goods give back (the rest of the order's lines, recomputed from their
      prices, not the till's subtotals): a return never credits more than
      its refund, nor is it a way to take money out of an eWallet;
    - the points the card gains are at most the top-up's value
      (multistore_loyalty's check of the till's points).
    """

    _inherit = "pos.order"

    def _multistore_check_till_prices(self, lines=None):
        res = super()._multistore_check_till_prices(lines=lines)
        if not self.env.su:
            for order in self.filtered("store_id"):
                order._multistore_check_store_credit()
        return res

    def _multistore_check_store_credit(self):
        self.ensure_one()
        if not self._multistore_is_return():
            return
        top_ups = self._multistore_ewallet_top_up_lines()
        if not top_ups:
            return
        currency = self.currency_id
        if any(
            float_compare(line.qty, 0.0, precision_digits=6) <= 0
            or float_compare(line.price_unit, 0.0, precision_digits=6) < 0
            for line in top_ups
        ):
            raise UserError(
                self.env._(
                    "%(order)s takes money out of an eWallet: a return is paid "
                    "back into the customer's eWallet, never out of it. Remove "
                    "the eWallet line and refund again.",
                    order=self.display_name,
                )
            )
        amounts = self.lines._multistore_amounts()
        credit = sum(amounts[line]["price_subtotal_incl"] for line in top_ups)
        refund = -sum(
            amounts[line]["price_subtotal_incl"] for line in self.lines - top_ups
        )
        if (
            float_compare(
                credit, max(refund, 0.0), precision_rounding=currency.rounding
            )
            <= 0
        ):
            return
        raise UserError(
            self.env._(
                "%(order)s credits %(credit)s to the customer's eWallet but gives "
                "back only %(refund)s: store credit for a return is at most "
                "the refund. Remove the eWallet line and use the eWallet button "
                "again.",
                order=self.display_name,
                credit=currency.format(credit),
                refund=currency.format(max(refund, 0.0)),
            )
        )

    def _multistore_ewallet_top_up_lines(self):
        """The lines of this order topping up an eWallet, with one search of
        the programs for the whole order."""
        self.ensure_one()
        products = self.lines.product_id
        if not products:
            return self.lines
        # sudo(): programs are the chain's, read by every till; only which
        # of these products trigger an eWallet is asked.
        triggers = (
            self.env["loyalty.program"]
            .sudo()
            .search(
                [
                    ("program_type", "=", "ewallet"),
                    ("trigger_product_ids", "in", products.ids),
                ]
            )
            .trigger_product_ids
        )
        return self.lines.filtered(lambda line: line.product_id in triggers)
