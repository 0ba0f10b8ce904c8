from odoo import api, models
from odoo.exceptions import AccessError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "multistore.store.mixin"]

    # A confirmed or cancelled order stays in its store (see models/base.py).
    _multistore_store_locked_states = ("sale", "cancel")

    @api.depends("user_id", "company_id", "store_id")
    def _compute_warehouse_id(self):
        """Quotations of a store ship from the store's warehouse (Odoo's
        default warehouse is not looked up for them)."""
        of_store = self.filtered(
            lambda o: o.store_id.warehouse_id and o.state in ("draft", "sent")
        )
        for order in of_store:
            order.warehouse_id = order.store_id.warehouse_id
        return super(SaleOrder, self - of_store)._compute_warehouse_id()

    @api.depends("partner_id", "user_id", "store_id")
    def _compute_team_id(self):
        res = super()._compute_team_id()
        for order in self:
            if order.store_id.crm_team_id and order.state in ("draft", "sent"):
                order.team_id = order.store_id.crm_team_id
        return res

    @api.depends("partner_id", "company_id", "store_id")
    def _compute_pricelist_id(self):
        """Quotations of a store sell at the store's price list."""
        res = super()._compute_pricelist_id()
        for order in self:
            if order.state == "draft" and order.store_id.pricelist_id:
                order.pricelist_id = order.store_id.pricelist_id
        return res

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._multistore_check_warehouse()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if "warehouse_id" in vals:
            self._multistore_check_warehouse()
        return res

    def _multistore_check_warehouse(self):
        """A store user's order ships from one of the user's stores: its
        pickings would otherwise belong to another store."""
        if self.env.su or not self.env.user._is_store_restricted():
            return
        allowed = self.env.user.store_ids
        for order in self:
            # The warehouse of another store is hidden from the user by its
            # rule; its store is what is checked here.
            store = order.warehouse_id.sudo().store_id
            if store and store not in allowed:
                raise AccessError(
                    self.env._(
                        "%(order)s would ship from %(warehouse)s, the warehouse "
                        "of store %(store)s, which is not one of your stores. "
                        "Ship from your store's warehouse.",
                        order=order.display_name,
                        warehouse=order.warehouse_id.sudo().display_name,
                        store=store.display_name,
                    )
                )
