from odoo import fields, models
from odoo.exceptions import UserError


class PosPayment(models.Model):
    _inherit = "pos.payment"

    store_id = fields.Many2one(related="pos_order_id.store_id", store=True, index=True)

    def write(self, vals):
        self._check_multistore_order_open()
        return super().write(vals)

    def unlink(self):
        self._check_multistore_order_open()
        return super().unlink()

    def _check_multistore_order_open(self):
        """A payment of a paid order is part of the till's cash: read-only.

        The till replaces payments only while its order is a draft; once
        paid (and posted or invoiced) the order's payments change through a
        refund, never by editing or deleting them. Odoo's own closing steps
        run as superuser and are not concerned.
        """
        if self.env.su:
            return
        closed = self.filtered(lambda p: p.pos_order_id.state != "draft")
        if closed:
            raise UserError(
                self.env._(
                    "The payments of order %(order)s are closed: the order is "
                    "paid. Refund the order instead of changing its payments.",
                    order=closed[0].pos_order_id.display_name,
                )
            )
