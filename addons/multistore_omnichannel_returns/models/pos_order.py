from odoo import Command, api, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class PosOrder(models.Model):
    """An online order returned at the till of any store.

    The till sends the return as pos_sale settles an order: lines linked to
    the online order's lines (``sale_order_origin_id``,
    ``sale_order_line_id``), here with negative quantities. Odoo does the
    rest: the till's picking takes the goods back into the till's store
    (the return of its picking type), the till pays the money back, and the
    sale line's delivered quantity counts the till's lines (pos_sale's
    ``sale.order.line._compute_qty_delivered``).

    The server checks each return when the till's order is saved
    (``_process_saved_order``), in the till's transaction: a refused return
    leaves nothing written.
    """

    _inherit = "pos.order"

    @api.model
    def sync_from_ui(self, orders):
        """Close what the look-up opened: once returned, the online order
        is the online store's again (see
        ``sale.order.multistore_find_online_order_for_return``)."""
        data = super().sync_from_ui(orders)
        synced = self.browse([order["id"] for order in data.get("pos.order", [])])
        synced._multistore_close_online_returns()
        return data

    def _multistore_is_return(self):
        """A return of an online order is a return too: it needs a reason as
        a till refund does (multistore_returns), and may be paid back as
        store credit (multistore_returns_loyalty)."""
        return super()._multistore_is_return() or bool(
            self._multistore_online_return_lines()
        )

    def _process_saved_order(self, draft):
        res = super()._process_saved_order(draft)
        if not draft:
            self._multistore_process_online_returns()
        return res

    def _multistore_online_return_lines(self):
        """Lines of these orders that return goods of an online order.

        sudo(): the online order is the online store's, which store rules
        hide from the till's user; only its lines, dates and state are read.
        """
        return (
            self.sudo()
            .lines.filtered(
                lambda line: (
                    line.sale_order_line_id.order_id.multistore_online_order
                    and float_compare(
                        line.qty,
                        0.0,
                        precision_rounding=line.product_uom_id.rounding or 0.01,
                    )
                    < 0
                )
            )
            .with_env(self.env)
        )

    def _multistore_process_online_returns(self):
        """Check the online returns of this saved order against the chain's
        return policy, then write the return in the online order's chatter.

        - the online order is delivered or collected;
        - each line returns the product sold, at the price (and no smaller
          discount) and with the taxes it was sold;
        - the window runs from the day the customer got the goods;
        - no sale line ends with less than nothing delivered (no more comes
          back than was delivered minus what came back already);
        - above the approval amount, only a store manager returns.
        """
        self.ensure_one()
        returns = self._multistore_online_return_lines()
        if not returns:
            return
        Policy = self.env["multistore.return.policy"]
        # sudo(): see _multistore_online_return_lines.
        sudo_returns = returns.sudo()
        sale_orders = sudo_returns.sale_order_line_id.order_id
        for sale_order in sale_orders:
            sale_order._multistore_check_returnable()
            start = sale_order._multistore_return_start_date()
            for line in sudo_returns.filtered(
                lambda line, so=sale_order: line.sale_order_line_id.order_id == so
            ):
                line._multistore_check_online_return_price()
                Policy._check_return_window(
                    line.product_id,
                    start,
                    sale_order.partner_id,
                    sale_order.store_id,
                    sale_order.name,
                )
        self._multistore_check_online_return_qty(sudo_returns)
        amount = -sum(returns.mapped("price_subtotal_incl"))
        Policy._check_return_approval(
            amount, self.currency_id, self.company_id, self.display_name
        )
        for sale_order in sale_orders:
            self._multistore_post_online_return(
                sale_order,
                sudo_returns.filtered(
                    lambda line, so=sale_order: line.sale_order_line_id.order_id == so
                ),
            )

    def _multistore_check_online_return_qty(self, returns):
        """No more comes back than was delivered: once the till's picking
        is done, pos_sale counts the return in the sale line's delivered
        quantity, which may not fall below zero."""
        delivered_qty = self._multistore_recompute_delivered(returns.sale_order_line_id)
        for sale_line, delivered in delivered_qty.items():
            rounding = sale_line.product_uom.rounding or 0.01
            if float_compare(delivered, 0.0, precision_rounding=rounding) >= 0:
                continue
            here = -sum(
                returns.filtered(
                    lambda line, sl=sale_line: line.sale_order_line_id == sl
                ).mapped("qty")
            )
            raise ValidationError(
                self.env._(
                    "%(product)s: %(returned)s returned on %(order)s, but only "
                    "%(left)s of it is delivered and not returned yet. Return "
                    "at most %(left)s.",
                    product=sale_line.product_id.display_name,
                    returned=here,
                    order=sale_line.order_id.name,
                    left=max(delivered + here, 0.0),
                )
            )

    def _multistore_recompute_delivered(self, sale_lines):
        """``{sale line: delivered quantity}``, computed right.

        The till's user read the sale lines' stock moves through the store
        rules (pos_sale does, in the same transaction): the shared cache
        holds none of the shipping store's moves, and the delivered
        quantity computed from it would lack them. Forget those moves and
        compute it again (as superuser: ``compute_sudo``), then forget
        them again, so that what the user reads next goes through the rules.
        """
        self.env.flush_all()
        sale_lines.invalidate_recordset(["move_ids"])
        self.env.add_to_compute(sale_lines._fields["qty_delivered"], sale_lines)
        delivered_qty = {line: line.qty_delivered for line in sale_lines}
        self.env.flush_all()
        sale_lines.invalidate_recordset(["move_ids"])
        return delivered_qty

    def _multistore_post_online_return(self, sale_order, lines):
        store = self.sudo().config_id.store_id
        sale_order.message_post(
            body=self.env._(
                "Returned at %(store)s (till %(till)s, %(pos_order)s): "
                "%(lines)s. Refunded at the till: %(amount)s.",
                store=store.name or "-",
                till=self.sudo().config_id.display_name,
                pos_order=self.name,
                lines=", ".join(
                    f"{-line.qty:g} x {line.product_id.display_name}" for line in lines
                ),
                amount=self.currency_id.format(
                    -sum(lines.mapped("price_subtotal_incl"))
                ),
            )
        )

    def _multistore_close_online_returns(self):
        # sudo(): the grant field is the system's (see sale.order).
        sale_lines = self._multistore_online_return_lines().sudo().sale_order_line_id
        if not sale_lines:
            return
        # pos_sale may have recomputed them after the check, from the moves
        # its user could read.
        self._multistore_recompute_delivered(sale_lines)
        sale_orders = sale_lines.order_id
        user = self.env.user
        for sale_order in sale_orders.filtered(
            lambda so: user in so.multistore_return_user_ids
        ):
            sale_order.multistore_return_user_ids = [Command.unlink(user.id)]
