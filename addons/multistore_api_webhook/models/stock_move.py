from odoo import models
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        """Raise "stock below threshold" for the stores whose stock of a
        product crossed a subscription's threshold with these moves."""
        outgoing = {}
        watched = (
            self.env["multistore.api.webhook"]
            .sudo()
            .search_count([("event", "=", "stock_low"), ("active", "=", True)], limit=1)
        )
        for move in self if watched else self.browse():
            warehouse = move.location_id.warehouse_id
            if warehouse and move.product_id.is_storable:
                outgoing.setdefault((move.product_id, warehouse), 0.0)
        before = {
            # Quantities of the store's warehouse whoever moves the goods.
            key: key[0].sudo().with_context(warehouse_id=key[1].id).qty_available
            for key in outgoing
        }
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        if before:
            self._webhook_stock_low(before)
        return moves

    def _webhook_stock_low(self, before):
        Webhook = self.env["multistore.api.webhook"]
        for (product, warehouse), qty_before in before.items():
            store = warehouse.sudo().store_id
            if not store:
                continue
            product = product.sudo().with_context(warehouse_id=warehouse.id)
            product.invalidate_recordset(["qty_available"])
            qty = product.qty_available
            rounding = product.uom_id.rounding

            def crossed(webhook, qty=qty, qty_before=qty_before, rounding=rounding):
                threshold = webhook.stock_threshold
                return (
                    float_compare(qty, threshold, precision_rounding=rounding) < 0
                    and float_compare(
                        qty_before, threshold, precision_rounding=rounding
                    )
                    >= 0
                )

            Webhook._notify(
                "stock_low",
                store,
                {
                    "product_id": product.id,
                    "default_code": product.default_code or None,
                    "store_code": store.code,
                    "on_hand": qty,
                },
                match=crossed,
            )
