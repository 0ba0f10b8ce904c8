from odoo import models


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
    - **Reason**: not asked: the till has no field for it (see USAGE).
    - How much may be refunded stays base's constraint
      (``pos.order.line._check_multistore_refund_qty``).
    """

    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

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
