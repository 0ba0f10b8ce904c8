from odoo import api, models


class StockQuant(models.Model):
    """Stock quantities: read chain-wide, counted and adjusted per store.

    Quantities of every store are readable (a cashier checks another store's
    stock for a customer). Creating, editing and applying counts is limited
    to the locations of the user's stores: the global rule
    ``stock_quant_rule_store_write`` covers the writes done as the user, and
    the checks below cover Odoo's inventory paths that create or write
    quants as superuser (inventory mode) or through public methods.
    """

    _inherit = "stock.quant"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            location_ids = [
                vals["location_id"] for vals in vals_list if vals.get("location_id")
            ]
            self.env["stock.location"].browse(
                location_ids
            )._multistore_check_own_store()
        return super().create(vals_list)

    def write(self, vals):
        self._multistore_check_own_quants()
        return super().write(vals)

    def action_apply_inventory(self):
        self._multistore_check_own_quants()
        return super().action_apply_inventory()

    def action_set_inventory_quantity(self):
        self._multistore_check_own_quants()
        return super().action_set_inventory_quantity()

    def action_set_inventory_quantity_zero(self):
        self._multistore_check_own_quants()
        return super().action_set_inventory_quantity_zero()

    def action_clear_inventory_quantity(self):
        self._multistore_check_own_quants()
        return super().action_clear_inventory_quantity()

    def move_quants(
        self, location_dest_id=False, package_dest_id=False, message=False, unpack=False
    ):
        self._multistore_check_own_quants()
        if isinstance(location_dest_id, int):
            location_dest_id = self.env["stock.location"].browse(location_dest_id)
        if location_dest_id:
            location_dest_id._multistore_check_own_store()
        return super().move_quants(
            location_dest_id=location_dest_id,
            package_dest_id=package_dest_id,
            message=message,
            unpack=unpack,
        )

    def _apply_inventory(self):
        self._multistore_check_own_quants()
        # Operation log: the adjustment, quant by quant.
        before = self.env["auditlog.log"]._multistore_inventory_before(self)
        res = super()._apply_inventory()
        self.env["auditlog.log"]._multistore_log_inventory(self, before)
        return res

    def _multistore_check_own_quants(self):
        if self.env.su or not self:
            return
        self.location_id._multistore_check_own_store()
