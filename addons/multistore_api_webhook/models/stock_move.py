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
        before = self._webhook_quantities(outgoing)
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        if before:
            self._webhook_stock_low(before)
        return moves

    def _webhook_quantities(self, keys):
        """On-hand quantity per (product, warehouse) of ``keys``, read in one
        batch per warehouse (the store's stock whoever moves the goods)."""
        by_warehouse = {}
        for product, warehouse in keys:
            by_warehouse.setdefault(warehouse, self.env["product.product"])
            by_warehouse[warehouse] |= product
        quantities = {}
        for warehouse, products in by_warehouse.items():
            products = products.sudo().with_context(warehouse_id=warehouse.id)
            products.invalidate_recordset(["qty_available"])
            for product in products:
                quantities[product, warehouse] = product.qty_available
        # Records compare by model and ids: the keys match the callers' ones.
        return quantities

    def _webhook_stock_low(self, before):
        Webhook = self.env["multistore.api.webhook"]
        after = self._webhook_quantities(before)
        for (product, warehouse), qty_before in before.items():
            store = warehouse.sudo().store_id
            if not store:
                continue
            qty = after[product, warehouse]
            product = product.sudo()
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
