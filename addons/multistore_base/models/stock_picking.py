from odoo import api, fields, models
from odoo.exceptions import MissingError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # A done or cancelled transfer stays in its store (see models/base.py).
    _multistore_store_locked_states = ("done", "cancel")

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        index=True,
        precompute=True,
    )

    @api.depends("picking_type_id")
    def _compute_store_id(self):
        # Only the picking type: a store created later for an existing
        # warehouse does not rewrite history, the setup wizard back-fills it.
        for picking in self:
            picking.store_id = picking.picking_type_id.warehouse_id.store_id

    @api.model_create_multi
    def create(self, vals_list):
        # The value of _compute_store_id, given: Odoo precomputes a missing
        # one on a new picking built in memory with its moves.
        vals_list = list(vals_list)
        PickingType = self.env["stock.picking.type"].sudo()
        for vals in vals_list:
            if "store_id" not in vals and type(vals.get("picking_type_id")) is int:
                try:
                    store = PickingType.browse(
                        vals["picking_type_id"]
                    ).warehouse_id.store_id
                except MissingError:
                    continue
                vals["store_id"] = store.id
        pickings = super().create(vals_list)
        pickings._multistore_check_locations()
        return pickings

    def write(self, vals):
        res = super().write(vals)
        if {"location_id", "location_dest_id"}.intersection(vals):
            self._multistore_check_locations()
        return res

    def _multistore_check_locations(self):
        """A store user's transfer goes out of or into their own stores only:
        stock moves between stores through a store transfer."""
        if self.env.su or not self:
            return
        (self.location_id | self.location_dest_id)._multistore_check_own_store()
