from odoo import api, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "multistore.store.mixin"]

    @api.depends("user_id", "company_id", "store_id")
    def _compute_warehouse_id(self):
        """Quotations of a store ship from the store's warehouse."""
        res = super()._compute_warehouse_id()
        for order in self:
            if order.store_id.warehouse_id and order.state in ("draft", "sent"):
                order.warehouse_id = order.store_id.warehouse_id
        return res

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
