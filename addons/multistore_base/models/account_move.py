from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # A posted entry stays in the store it was booked for; an accountant
    # resets it to draft first (Odoo's own rule for changing an entry).
    _multistore_store_locked_states = ("posted", "cancel")

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        index=True,
        recursive=True,
        help="Store the entry comes from: its till order, till session, "
        "sales order or stock move. Store staff see only their stores' entries.",
    )

    @api.depends(
        "pos_order_ids.store_id",
        "pos_session_ids.store_id",
        "pos_payment_ids.store_id",
        "statement_line_ids.pos_session_id.store_id",
        "line_ids.sale_line_ids.order_id.store_id",
        "stock_move_id.picking_id.store_id",
        "reversed_entry_id.store_id",
    )
    def _compute_store_id(self):
        # An entry without any of these origins (a manual entry, a vendor
        # bill) keeps the store an accountant gave it, or none.
        for move in self:
            move.store_id = move._multistore_origin_store() or move.store_id

    def _multistore_origin_store(self):
        self.ensure_one()
        candidates = (
            self.pos_order_ids.store_id,
            self.pos_session_ids.store_id,
            self.pos_payment_ids.store_id,
            self.statement_line_ids.pos_session_id.store_id,
            self.line_ids.sale_line_ids.order_id.store_id,
            self.stock_move_id._multistore_store(),
            self.reversed_entry_id.store_id,
        )
        for stores in candidates:
            if stores:
                return stores[:1]
        return self.env["multistore.store"]
