from odoo import api, fields, models


class MultistoreStoreMixin(models.AbstractModel):
    """A document that belongs to one store.

    Gives a stored, indexed ``store_id`` defaulted from the user's current
    store. Models that can derive the store from what Odoo already knows
    (picking type, till, warehouse) compute it instead and do not use this.
    """

    _name = "multistore.store.mixin"
    _description = "Document of a store"

    @api.model
    def _default_store_id(self):
        return self.env.user.store_id

    store_id = fields.Many2one(
        "multistore.store",
        index=True,
        default=_default_store_id,
        tracking=True,
        check_company=True,
    )
