from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        """Done moves in the stock stores of a Taobao shop mark its mapped
        products to push and queue one push job per shop (queue_job's
        identity key merges the jobs of a burst of moves)."""
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._taobao_mark_stock_dirty()
        return moves

    def _taobao_mark_stock_dirty(self):
        # Whoever moves the goods changes the shop's stock; mappings and
        # their push are the connector's (superuser, private).
        Mapping = self.env["multistore.connector.taobao.product"].sudo()
        if not self or not Mapping.search_count([("num_iid", "!=", False)], limit=1):
            return
        moves = self.sudo()
        stores = (
            moves.location_id.warehouse_id | moves.location_dest_id.warehouse_id
        ).store_id
        if not stores:
            return
        mappings = Mapping.search(
            [
                ("product_id", "in", moves.product_id.ids),
                ("num_iid", "!=", False),
                ("shop_id.active", "=", True),
                ("shop_id.auto_sync", "=", True),
                "|",
                ("shop_id.stock_store_ids", "in", stores.ids),
                "&",
                ("shop_id.stock_store_ids", "=", False),
                ("shop_id.store_id", "in", stores.ids),
            ]
        )
        if mappings:
            mappings.write({"stock_dirty": True})
            mappings.shop_id._enqueue_stock_push()
