from odoo import api, fields, models
from odoo.tools import float_is_zero


class StockReturnPicking(models.TransientModel):
    """The chain's return policy in the back office.

    Returning a store's delivery to a customer (Odoo's Return button on a
    done delivery) needs a reason, which lands on the return; for the
    delivery of a sales order, each product must still be within its return
    window (from the order's date, see ``multistore.return.policy``), no more
    may come back than was delivered and not yet returned, and a return worth
    more than the approval amount (quantity times the price of the sales
    line, tax included) is a store manager's. Everything is checked before
    the return is created: a refused return leaves nothing written.
    Receipts, internal transfers and transfers outside every store keep
    Odoo's behaviour.
    """

    _inherit = "stock.return.picking"

    multistore_return_reason_id = fields.Many2one(
        "multistore.return.reason",
        string="Return Reason",
        help="Why the customer brings the goods back; set on the return.",
    )
    multistore_reason_required = fields.Boolean(
        compute="_compute_multistore_reason_required",
        help="A store's delivery to a customer: its return needs a reason.",
    )

    @api.depends("picking_id")
    def _compute_multistore_reason_required(self):
        for wizard in self:
            picking = wizard.picking_id
            wizard.multistore_reason_required = bool(
                picking and picking._multistore_is_customer_delivery()
            )

    def _create_return(self):
        self._multistore_check_return_policy()
        new_picking = super()._create_return()
        if self.multistore_return_reason_id:
            # A workflow field, closed to direct writes: set by this wizard.
            new_picking._multistore_workflow_write(
                {"multistore_return_reason_id": self.multistore_return_reason_id.id}
            )
        return new_picking

    def _multistore_check_return_policy(self):
        self.ensure_one()
        picking = self.picking_id
        if self.env.su or not picking._multistore_is_customer_delivery():
            return
        Policy = self.env["multistore.return.policy"]
        Policy._check_return_reason(
            self.multistore_return_reason_id, picking.display_name
        )
        company = picking.company_id
        today = fields.Date.context_today(self)
        amount = 0.0
        for line in self.product_return_moves:
            rounding = line.uom_id.rounding or line.product_id.uom_id.rounding
            if float_is_zero(line.quantity, precision_rounding=rounding):
                continue
            line._multistore_check_return_quantity()
            # sudo(): an online order shipped by this store belongs to the
            # online store, whose orders the store's staff do not read; only
            # its date, customer and price are used.
            sale_line = line.move_id.sudo().sale_line_id
            if not sale_line:
                continue
            order = sale_line.order_id
            Policy._check_return_window(
                line.product_id,
                order.date_order,
                order.partner_id,
                order.store_id or picking.store_id,
                order.display_name,
            )
            qty = line.product_id.uom_id._compute_quantity(
                line.quantity, sale_line.product_uom
            )
            amount += order.currency_id._convert(
                qty * sale_line.price_reduce_taxinc,
                company.currency_id,
                company,
                today,
            )
        Policy._check_return_approval(
            amount, company.currency_id, company, picking.display_name
        )
