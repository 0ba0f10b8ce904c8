from odoo import api, fields, models


class PosConfig(models.Model):
    _inherit = "pos.config"

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )

    @api.depends("warehouse_id.store_id")
    def _compute_store_id(self):
        for config in self:
            config.store_id = config.warehouse_id.store_id

    @api.model_create_multi
    def create(self, vals_list):
        # A till ships from its store's warehouse: follow it for the picking
        # type too (point_of_sale defaults it to the company's first one).
        for vals in vals_list:
            store = self.env["multistore.store"].browse(vals.get("store_id"))
            if store.warehouse_id and not vals.get("warehouse_id"):
                vals["warehouse_id"] = store.warehouse_id.id
            warehouse = self.env["stock.warehouse"].browse(vals.get("warehouse_id"))
            if warehouse.pos_type_id and not vals.get("picking_type_id"):
                vals["picking_type_id"] = warehouse.pos_type_id.id
        configs = super().create(vals_list)
        for config in configs.filtered("store_id.pricelist_id"):
            config.write(config.store_id._pos_pricelist_vals())
        return configs

    @api.onchange("warehouse_id")
    def _onchange_warehouse_id_multistore(self):
        if self.warehouse_id.pos_type_id:
            self.picking_type_id = self.warehouse_id.pos_type_id
