from odoo import fields, models
from odoo.exceptions import UserError


class PosOrder(models.Model):
    """The chain's return policy at every till.

    A till refund reaches the server in the till's sync, where multistore_base
    checks each refund line against the line it refunds
    (``_multistore_check_refund_lines``, for orders of a store's till, users
    other than the superuser). The policy is checked there too, in the same
    transaction: a refused refund leaves nothing written.

    - **Window**: each refunded line's product, from the local day of the
      refunded order (which may be another store's: returns anywhere), for
      its customer (member tiers add days in multistore_returns_loyalty).
    - **Approval**: the refund's total, tax included (what the customer gets
      back), above the approval amount needs a store manager.
    - **Reason**: the cashier chooses one of the chain's reasons
      (``multistore_return_reason_id``); when the refund is paid, a reason
      that is archived is refused, and so is a refund without a reason once
      the chain requires reasons at the till (Settings, block Returns).
      Checked when the till syncs the paid refund (``_process_saved_order``)
      and when a refund is paid in the back office
      (``action_pos_order_paid``). Once the refund is paid, its reason no
      longer changes.
    - How much may be refunded stays base's constraint
      (``pos.order.line._check_multistore_refund_qty``).
    """

    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    multistore_return_reason_id = fields.Many2one(
        "multistore.return.reason",
        string="Return Reason",
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="Why the customer brought the goods back: chosen by the cashier "
        "at the till when refunding; it no longer changes once the refund is "
        "paid.",
    )

    def write(self, vals):
        if "multistore_return_reason_id" in vals and not self.env.su:
            self._multistore_check_reason_change(vals["multistore_return_reason_id"])
        return super().write(vals)

    def _multistore_check_reason_change(self, reason_id):
        """The reason of a paid refund is part of its record: a till that
        syncs the order again sends the same reason, anything else is
        refused."""
        changed = self.filtered(
            lambda order: (
                order.state != "draft"
                and order.multistore_return_reason_id.id != (reason_id or False)
            )
        )
        if changed:
            raise UserError(
                self.env._(
                    "%(order)s is paid: its return reason no longer changes.",
                    order=changed[0].display_name,
                )
            )

    def _multistore_check_refund_lines(self, refunds):
        res = super()._multistore_check_refund_lines(refunds)
        if refunds:
            self._multistore_check_return_policy(refunds)
        return res

    def _multistore_check_return_policy(self, refunds):
        self.ensure_one()
        Policy = self.env["multistore.return.policy"]
        # sudo(): the refunded order may be another store's (returns
        # anywhere), hidden by the store rules; only its date, customer, store
        # and products are read.
        for line in refunds.sudo():
            sale = line.refunded_orderline_id.order_id
            Policy._check_return_window(
                line.refunded_orderline_id.product_id,
                sale.date_order,
                sale.partner_id,
                sale.store_id,
                sale.display_name,
            )
        # The whole refund, whichever lines are being checked (a client may
        # send a refund's lines one by one).
        refund_lines = self.lines.filtered("refunded_orderline_id")
        amount = -sum(refund_lines.mapped("price_subtotal_incl"))
        Policy._check_return_approval(
            amount, self.currency_id, self.company_id, self.display_name
        )

    # Reason --------------------------------------------------------------

    def _process_saved_order(self, draft):
        # Odoo logs and swallows the errors of action_pos_order_paid called
        # from here (the till's sync, the back office's payment wizard):
        # the reason is checked before.
        if not draft:
            self._multistore_check_return_reason()
        return super()._process_saved_order(draft)

    def action_pos_order_paid(self):
        if not self._multistore_in_till_sync():
            self._multistore_check_return_reason()
        return super().action_pos_order_paid()

    def _multistore_check_return_reason(self):
        """Refunds of a store's till carry an active reason (required when
        the chain says so: ``multistore.return.policy._till_reason_required``)."""
        if self.env.su:
            return
        Policy = self.env["multistore.return.policy"]
        required = Policy._till_reason_required()
        for order in self.filtered("store_id"):
            is_required = required and order._multistore_is_return()
            if order.multistore_return_reason_id or is_required:
                Policy._check_return_reason(
                    order.multistore_return_reason_id,
                    order.display_name,
                    required=is_required,
                )

    def _multistore_is_return(self):
        """Whether this order takes goods back from a customer (hook):
        here, refund lines of till orders; multistore_omnichannel_returns
        adds the returns of online orders."""
        self.ensure_one()
        return any(line.refunded_orderline_id and line.qty < 0 for line in self.lines)
