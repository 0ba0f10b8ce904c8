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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("multistore_transfer_id") for vals in vals_list
        ):
            self._raise_transfer_link()
        return super().create(vals_list)

    def write(self, vals):
        # The steps of a transfer link its pickings (as superuser, after
        # checking the role): a picking tied to a transfer by hand would
        # count as shipped or received goods.
        if not self.env.su and "multistore_transfer_id" in vals:
            self._raise_transfer_link()
        return super().write(vals)

    def _raise_transfer_link(self):
        raise UserError(
            self.env._(
                "Pickings are linked to a transfer between stores by its Ship, "
                "Receive and Write off buttons only."
            )
        )
