from odoo import fields, models


class Website(models.Model):
    _inherit = "website"

    multistore_store_id = fields.Many2one(
        "multistore.store",
        string="Online Store",
        domain="[('store_type', '=', 'online'), ('company_id', '=', company_id)]",
        help="The chain's online store that sells through this website: its "
        "orders are routed to the stores that fulfil them. Empty: the "
        "company's first online store.",
    )

    def _prepare_sale_order_values(self, partner_sudo):
        """A cart of the website is an order of the chain's online store.

        Odoo creates carts as superuser, who has no current store: without
        this, a website order would belong to no store and never be routed.
        """
        values = super()._prepare_sale_order_values(partner_sudo)
        store = self._multistore_online_store()
        if store:
            values["store_id"] = store.id
        return values

    def _multistore_online_store(self):
        self.ensure_one()
        if self.multistore_store_id:
            return self.multistore_store_id
        # sudo(): a visitor's cart; the store is chain master data.
        return (
            self.env["multistore.store"]
            .sudo()
            .search(
                [
                    ("store_type", "=", "online"),
                    ("company_id", "in", (self.company_id.id, False)),
                ],
                order="id",
                limit=1,
            )
        )
