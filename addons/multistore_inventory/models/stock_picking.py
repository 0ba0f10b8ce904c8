from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    multistore_transfer_id = fields.Many2one(
        "multistore.transfer",
        string="Store Transfer",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    # The other side of purchase_stock's purchase.order.picking_ids (its
    # table, columns swapped), which has none: without it, each change of a
    # picking's state or date made the ORM search every purchase order for
    # those linked to the picking, to recompute their receipt status (13
    # searches per till order, issue #15); with it, the ORM reads the
    # picking's own link. Set by purchase_stock only (see write).
    multistore_purchase_order_ids = fields.Many2many(
        "purchase.order",
        "purchase_order_stock_picking_rel",
        "stock_picking_id",
        "purchase_order_id",
        string="Received for Purchase Orders",
        readonly=True,
        copy=False,
        groups="purchase.group_purchase_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("multistore_transfer_id") for vals in vals_list
        ):
            self._raise_transfer_link()
        if not self.env.su and any(
            vals.get("multistore_purchase_order_ids") for vals in vals_list
        ):
            self._raise_purchase_link()
        return super().create(vals_list)

    def write(self, vals):
        # The steps of a transfer link its pickings (as superuser, after
        # checking the role): a picking tied to a transfer by hand would
        # count as shipped or received goods.
        if not self.env.su and "multistore_transfer_id" in vals:
            self._raise_transfer_link()
        if not self.env.su and "multistore_purchase_order_ids" in vals:
            self._raise_purchase_link()
        return super().write(vals)

    def _raise_purchase_link(self):
        raise UserError(
            self.env._(
                "A receipt belongs to the purchase orders whose lines it receives: "
                "it is not linked to a purchase order by hand."
            )
        )

    def _raise_transfer_link(self):
        raise UserError(
            self.env._(
                "Pickings are linked to a transfer between stores by its Ship, "
                "Receive and Write off buttons only."
            )
        )
