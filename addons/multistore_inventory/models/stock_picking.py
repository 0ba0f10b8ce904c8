from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    multistore_transfer_id = fields.Many2one(
        "multistore.transfer",
        string="Store Transfer",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
