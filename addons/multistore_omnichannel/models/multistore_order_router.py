from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from ..tools.routing import (
    Candidate,
    NotEnoughStock,
    covered_by_one_store,
    main_store,
    plan_consolidated,
    plan_delivery,
    plan_pickup,
)

# Pickings of online orders that are still to be shipped or collected: the
# load of a store.
OPEN_PICKING_STATES = ("waiting", "confirmed", "assigned")


class MultistoreOrderRouter(models.AbstractModel):
    """Reads what routing needs (stores, free stock, load) once per batch.

    The rules are in ``tools/routing.py``; this model gathers their input from
    the database and turns their refusals into messages. Everything here runs
    as superuser: the stock and load of every store are the chain's facts
    (architecture: stock quantities of other stores are visible), and the
    callers have checked who asks.
    """

    _name = "multistore.order.router"
    _description = "Online Order Routing"

    @api.model
    def _candidates(self, company):
        """The stores of ``company`` that ship online orders, with their load."""
        stores = (
            self.env["multistore.store"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("fulfils_online_orders", "=", True),
                    ("warehouse_id", "!=", False),
                ]
            )
        )
        load = self._load(stores)
        return {
            store.id: Candidate(
                store_id=store.id,
                name=store.display_name,
                is_central=store.store_type == "warehouse",
                priority=store.fulfilment_priority,
                region_ids=frozenset((store.state_id | store.served_state_ids).ids),
                city=store.city or "",
                load=load.get(store.id, 0),
                capacity=store.fulfilment_capacity,
            )
            for store in stores
        }

    @api.model
    def _load(self, stores):
        """Open pickings of online orders per store (the store's queue)."""
        groups = (
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                [
                    ("store_id", "in", stores.ids),
                    ("multistore_online_order", "=", True),
                    ("state", "in", OPEN_PICKING_STATES),
                ],
                ["store_id"],
                ["__count"],
            )
        )
        return {store.id: count for store, count in groups}

    @api.model
    def _free_stock(self, stores, products):
        """Free quantity (on hand - reserved) per (store id, product id).

        One query over the internal locations of the stores' warehouses.
        """
        stores = stores.sudo()
        if not stores or not products:
            return {}
        store_of_warehouse = {store.warehouse_id.id: store.id for store in stores}
        self.env["stock.quant"].flush_model(
            ["product_id", "location_id", "quantity", "reserved_quantity"]
        )
        self.env["stock.location"].flush_model(["usage", "warehouse_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT loc.warehouse_id, quant.product_id,
                       SUM(quant.quantity - quant.reserved_quantity)
                  FROM stock_quant quant
                  JOIN stock_location loc ON loc.id = quant.location_id
                 WHERE loc.usage = 'internal'
                   AND loc.warehouse_id = ANY(%s)
                   AND quant.product_id = ANY(%s)
              GROUP BY loc.warehouse_id, quant.product_id
                """,
                list(store_of_warehouse),
                list(products.ids),
            )
        )
        return {
            (store_of_warehouse[warehouse_id], product_id): qty
            for warehouse_id, product_id, qty in self.env.cr.fetchall()
        }

    @api.model
    def _order_lines(self, order):
        """(line id, product id, quantity in the product's unit) of the
        lines that take stock."""
        return [
            (
                line.id,
                line.product_id.id,
                line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id
                ),
            )
            for line in order.order_line
            if line.product_id.is_storable and line.product_uom_qty > 0
        ]

    @api.model
    def _plan(self, orders):
        """Route ``orders`` together, as they would be confirmed one by one.

        :return: {order id: ({line id: store id}, {source store id:
            {product id: qty}})}, the second part for click & collect only
        :raise UserError: an order asks for more than the chain can ship, or
            its pickup store cannot take it
        """
        orders = orders.sudo()
        plans = {}
        for company in orders.company_id:
            company_orders = orders.filtered(lambda o, c=company: o.company_id == c)
            candidates = self._candidates(company)
            stores = self.env["multistore.store"].browse(list(candidates))
            pickup_stores = company_orders.pickup_store_id
            stock = self._free_stock(
                stores | pickup_stores, company_orders.order_line.product_id
            )
            for order in company_orders:
                plans[order.id] = self._plan_order(order, candidates, stock)
        return plans

    @api.model
    def _plan_order(self, order, candidates, stock):
        lines = self._order_lines(order)
        shipping = order.partner_shipping_id
        state_id, city = shipping.state_id.id, shipping.city or ""
        try:
            if order.pickup_store_id:
                order._multistore_check_pickup_store()
                transfers = plan_pickup(
                    lines,
                    order.pickup_store_id.id,
                    candidates.values(),
                    stock,
                    state_id=state_id,
                    city=city,
                )
                routes = {
                    line.id: order.pickup_store_id.id for line in order.order_line
                }
                return routes, transfers
            bulk_units = order._multistore_bulk_order_units()
            if (
                bulk_units
                and sum(qty for _key, _product, qty in lines) >= bulk_units
                and not covered_by_one_store(lines, candidates.values(), stock)
            ):
                hub, transfers = plan_consolidated(
                    lines, candidates.values(), stock, state_id=state_id, city=city
                )
                return {line.id: hub for line in order.order_line}, transfers
            routes = plan_delivery(
                lines, candidates.values(), stock, state_id=state_id, city=city
            )
        except NotEnoughStock as error:
            product = self.env["product.product"].browse(error.product_id)
            uom = product.uom_id
            raise UserError(
                self.env._(
                    "%(order)s cannot be fulfilled: it asks for %(qty)s %(uom)s of "
                    "%(product)s and the chain has %(chain)s %(uom)s free, at most "
                    "%(best)s %(uom)s in one store. Lower the quantity or remove the "
                    "line.",
                    order=order.display_name,
                    qty=float_round(error.qty, precision_rounding=uom.rounding),
                    uom=uom.name,
                    product=product.display_name,
                    chain=float_round(
                        max(error.chain_qty, 0.0), precision_rounding=uom.rounding
                    ),
                    best=float_round(
                        max(error.best_qty, 0.0), precision_rounding=uom.rounding
                    ),
                )
            ) from None
        # Lines without stock (services, consumables) go with the order's
        # main store: the one shipping most lines.
        main = main_store(routes)
        for line in order.order_line:
            routes.setdefault(line.id, main)
        return routes, {}
