from odoo import api, fields, models


class PurchaseOrder(models.Model):
    """A purchase belongs to the store whose warehouse receives it.

    Store staff read purchases through the stock user's rights: the store rule
    (security/multistore_inventory_security.xml) keeps them to their stores.
    """

    _inherit = "purchase.order"
    _multistore_store_locked_states = ("purchase", "done", "cancel")

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        index=True,
        precompute=True,
    )

    @api.depends("picking_type_id")
    def _compute_store_id(self):
        for order in self:
            order.store_id = order.picking_type_id.warehouse_id.store_id
