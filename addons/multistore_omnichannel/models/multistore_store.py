from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# How online orders reach the store: the chain's routing rules, set by a
# chain manager only.
ROUTING_FIELDS = (
    "fulfils_online_orders",
    "fulfilment_priority",
    "fulfilment_capacity",
    "served_state_ids",
    "pickup_enabled",
)


class MultistoreStore(models.Model):
    _inherit = "multistore.store"

    fulfils_online_orders = fields.Boolean(
        string="Ships Online Orders",
        default=True,
        tracking=True,
        help="Online orders may be routed to this store, which then picks, packs "
        "and ships them from its stock.",
    )
    fulfilment_priority = fields.Integer(
        string="Routing Priority",
        default=10,
        tracking=True,
        help="Among stores that can ship an order whole and serve the customer's "
        "region, the lower number is chosen first.",
    )
    fulfilment_capacity = fields.Integer(
        string="Open Orders Capacity",
        default=0,
        tracking=True,
        help="Online orders the store prepares at once; beyond it, other stores "
        "are preferred. 0: no limit.",
    )
    served_state_ids = fields.Many2many(
        "res.country.state",
        "multistore_store_served_state_rel",
        "store_id",
        "state_id",
        string="Also Serves Regions",
        help="Regions the store delivers to besides its own.",
    )
    pickup_enabled = fields.Boolean(
        string="Click & Collect",
        default=False,
        tracking=True,
        help="Customers may choose this store to collect their online orders.",
    )
    online_queue_count = fields.Integer(
        string="Online Orders to Prepare", compute="_compute_online_queue_count"
    )

    @api.constrains("fulfilment_priority", "fulfilment_capacity")
    def _check_routing_numbers(self):
        for store in self:
            if store.fulfilment_capacity < 0 or store.fulfilment_priority < 0:
                raise ValidationError(
                    self.env._(
                        "%(store)s: the routing priority and the open orders "
                        "capacity are 0 or more (capacity 0: no limit).",
                        store=store.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        stores = super().create(vals_list)
        stores.filtered("pickup_enabled")._sync_pickup_carriers()
        return stores

    def write(self, vals):
        res = super().write(vals)
        if {"pickup_enabled", "warehouse_id", "active"} & set(vals):
            self._sync_pickup_carriers()
        return res

    def _sync_pickup_carriers(self):
        """The stores offered at the website's checkout are the pickup
        stores: their warehouses are those of Odoo's *Pick up in store*
        delivery methods of their company."""
        carriers = (
            self.env["delivery.carrier"]
            .sudo()
            .search([("delivery_type", "=", "in_store")])
        )
        for store in self.sudo():
            warehouse = store.warehouse_id
            if not warehouse:
                continue
            mine = carriers.filtered(
                lambda c, s=store: not c.company_id or c.company_id == s.company_id
            )
            if store.pickup_enabled and store.active:
                mine.filtered(lambda c, w=warehouse: w not in c.warehouse_ids).write(
                    {"warehouse_ids": [Command.link(warehouse.id)]}
                )
                continue
            for carrier in mine.filtered(lambda c, w=warehouse: w in c.warehouse_ids):
                vals = {"warehouse_ids": [Command.unlink(warehouse.id)]}
                if carrier.warehouse_ids == warehouse:
                    # No pickup store left: Odoo refuses a published method
                    # without one.
                    vals["is_published"] = False
                carrier.write(vals)

    def _compute_online_queue_count(self):
        load = self.env["multistore.order.router"]._load(self)
        for store in self:
            store.online_queue_count = load.get(store.id, 0)

    @api.model
    def _multistore_chain_managed_fields(self):
        return super()._multistore_chain_managed_fields() | set(ROUTING_FIELDS)

    def action_view_online_queue(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_omnichannel.action_online_fulfilment_queue"
        )
        action["domain"] = [("store_id", "=", self.id)]
        return action
