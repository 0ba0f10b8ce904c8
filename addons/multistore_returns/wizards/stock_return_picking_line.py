from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    def _multistore_check_return_quantity(self):
        """A customer returns what was delivered to them, at most what was
        delivered and not returned yet (Odoo only colours a larger quantity
        red)."""
        self.ensure_one()
        move = self.move_id
        picking = self.wizard_id.picking_id
        product = self.product_id.display_name
        if not move:
            raise ValidationError(
                self.env._(
                    "%(product)s was not delivered on %(picking)s: return only "
                    "the products of the delivery.",
                    product=product,
                    picking=picking.display_name,
                )
            )
        rounding = move.product_id.uom_id.rounding
        if float_compare(self.quantity, 0.0, precision_rounding=rounding) < 0:
            raise ValidationError(
                self.env._(
                    "%(product)s: enter the quantity the customer brings back "
                    "(a positive number), not %(qty)s.",
                    product=product,
                    qty=self.quantity,
                )
            )
        delivered = move.product_uom._compute_quantity(
            move.quantity, move.product_id.uom_id
        )
        returned = sum(
            move.returned_move_ids.filtered(lambda m: m.state != "cancel").mapped(
                "product_qty"
            )
        )
        left = max(delivered - returned, 0.0)
        if float_compare(self.quantity, left, precision_rounding=rounding) > 0:
            raise ValidationError(
                self.env._(
                    "%(product)s: %(qty)s returned but %(delivered)s delivered on "
                    "%(picking)s and %(returned)s already returned. Return at "
                    "most %(left)s.",
                    product=product,
                    qty=self.quantity,
                    delivered=delivered,
                    picking=picking.display_name,
                    returned=returned,
                    left=left,
                )
            )
