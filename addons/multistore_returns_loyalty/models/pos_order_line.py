from odoo import models
from odoo.tools import float_compare


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    def _multistore_is_ewallet_top_up(self):
        """Whether this line tops up an eWallet (its product triggers an
        eWallet program, as pos_loyalty's top-up and eWallet refund lines)."""
        self.ensure_one()
        # sudo(): programs are the chain's, read by every till; only whether
        # one names this product is asked.
        return bool(
            self.product_id
            and self.env["loyalty.program"]
            .sudo()
            .search_count(
                [
                    ("program_type", "=", "ewallet"),
                    ("trigger_product_ids", "in", self.product_id.ids),
                ],
                limit=1,
            )
        )

    def _multistore_is_store_credit(self):
        """Whether this line pays a return back as store credit: a positive
        eWallet top-up on an order that takes goods back (pos_loyalty's
        *eWallet* button on a refund). Its amount is what the order gives
        back, not a price of the price list; how much it may be is checked
        on the order (``pos.order._multistore_check_store_credit``)."""
        self.ensure_one()
        # The order first: a sale's lines never search the programs (the
        # till's price check stays one query per order, not per line).
        return (
            float_compare(self.qty, 0.0, precision_digits=6) > 0
            and float_compare(self.price_unit, 0.0, precision_digits=6) >= 0
            and self.order_id._multistore_is_return()
            and self._multistore_is_ewallet_top_up()
        )

    def _multistore_is_price_exempt(self):
        return (
            self._multistore_is_store_credit() or super()._multistore_is_price_exempt()
        )
