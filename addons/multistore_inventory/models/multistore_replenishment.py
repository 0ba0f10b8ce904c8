from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare

OPEN_TRANSFER_STATES = ("draft", "requested", "approved", "shipped", "received")


class MultistoreReplenishment(models.AbstractModel):
    """The chain planner: refill each store below its minimum.

    For every replenishment rule (Odoo orderpoint on a store warehouse) whose
    store is below its minimum, the quantity up to the maximum comes from,
    in this order: the surplus of sibling stores (stock above their own
    maximum plus what ``_demand_over_lead_time`` says they will sell before
    a refill arrives: nothing here, their forecast with multistore_forecast),
    the central warehouse, then a purchase from the product's vendor. Transfers are
    grouped per source and destination; a product already on an open
    transfer or quotation to the store is left alone, so running the
    planner twice creates nothing more.
    """

    _name = "multistore.replenishment"
    _description = "Chain Replenishment Planner"

    @api.model
    def _cron_run_planner(self):
        self._run_planner()

    @api.model
    def action_run_planner(self):
        """Run the planner now for every store (chain managers).

        The planner moves goods between stores and buys for them: a chain
        decision, so store managers leave it to the nightly run or ask a
        chain manager.
        """
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("run the chain planner"),
        )
        result = self._run_planner()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Chain planner"),
                "message": self.env._(
                    "%(transfers)s transfer requests and %(purchases)s quotations "
                    "created.",
                    transfers=len(result["transfers"]),
                    purchases=len(result["purchases"]),
                ),
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _run_planner(self, stores=None):
        Store = self.env["multistore.store"]
        stores = stores or Store.search([("warehouse_id", "!=", False)])
        orderpoints = self.env["stock.warehouse.orderpoint"].search(
            [("store_id", "in", stores.ids), ("active", "=", True)]
        )
        all_stores = Store.search(
            [("warehouse_id", "!=", False), ("company_id", "in", stores.company_id.ids)]
        )
        products = orderpoints.product_id
        on_hand, incoming = self._quantities(products, all_stores)
        rule_of = {(op.product_id.id, op.store_id.id): op for op in orderpoints}
        lead_demand = self._demand_over_lead_time(products, all_stores)
        open_keys = self._open_requests(products, all_stores)
        # Surplus each store can give (stock above its own maximum and its
        # demand over the lead time), consumed as the plan goes on.
        surplus = {}
        for product in products:
            for store in all_stores:
                op = rule_of.get((product.id, store.id))
                if not op and store.store_type != "warehouse":
                    # No maximum known: nothing of this store counts as surplus.
                    surplus[(product.id, store.id)] = 0.0
                    continue
                keep = (op.product_max_qty if op else 0.0) + lead_demand.get(
                    (product.id, store.id), 0.0
                )
                surplus[(product.id, store.id)] = max(
                    on_hand.get((product.id, store.id), 0.0) - keep, 0.0
                )
        transfers = defaultdict(list)  # (source, dest) -> [(product, qty)]
        purchases = []
        for op in orderpoints.sorted(lambda o: (o.store_id.sequence, o.id)):
            key = (op.product_id.id, op.store_id.id)
            if key in open_keys:
                continue
            forecast = on_hand.get(key, 0.0) + incoming.get(key, 0.0)
            rounding = op.product_uom.rounding
            if (
                float_compare(forecast, op.product_min_qty, precision_rounding=rounding)
                >= 0
            ):
                continue
            need = op.product_max_qty - forecast
            siblings = all_stores.filtered(
                lambda s, op=op: s != op.store_id and s.store_type != "warehouse"
            )
            centrals = all_stores.filtered(lambda s: s.store_type == "warehouse")
            for group in (siblings, centrals):
                for source in group.sorted(
                    lambda s, p=op.product_id: -surplus[(p.id, s.id)]
                ):
                    if need <= 0:
                        break
                    give = min(surplus[(op.product_id.id, source.id)], need)
                    if give <= 0:
                        continue
                    surplus[(op.product_id.id, source.id)] -= give
                    transfers[(source, op.store_id)].append((op.product_id, give))
                    need -= give
            if need > 0:
                purchases.append((op, need))
        return {
            "transfers": self._create_transfers(transfers),
            "purchases": self._create_purchases(purchases),
        }

    def _quantities(self, products, stores):
        """({(product, store): available}, {(product, store): incoming}).

        One read of the stock matrix; requested, not yet shipped transfers
        count as incoming too.
        """
        rows = self.env["multistore.stock.matrix"].search(
            [("product_id", "in", products.ids), ("store_id", "in", stores.ids)]
        )
        available = {(r.product_id.id, r.store_id.id): r.qty_available for r in rows}
        incoming = {(r.product_id.id, r.store_id.id): r.qty_incoming for r in rows}
        lines = self.env["multistore.transfer.line"].search(
            [
                ("product_id", "in", products.ids),
                ("transfer_id.dest_store_id", "in", stores.ids),
                ("transfer_id.state", "in", ("draft", "requested", "approved")),
            ]
        )
        for line in lines:
            key = (line.product_id.id, line.transfer_id.dest_store_id.id)
            incoming[key] = incoming.get(key, 0.0) + line.qty_requested
        return available, incoming

    def _demand_over_lead_time(self, products, stores):
        """{(product, store): quantity the store sells before a refill arrives}.

        A store keeps that much beyond its maximum before it gives a sibling
        any surplus. Without a forecast nothing is known: an empty dict
        (multistore_forecast extends this).
        """
        return {}

    def _open_requests(self, products, stores):
        """(product, store) pairs with an open transfer or quotation to the store."""
        keys = set()
        lines = self.env["multistore.transfer.line"].search(
            [
                ("product_id", "in", products.ids),
                ("transfer_id.dest_store_id", "in", stores.ids),
                ("transfer_id.state", "in", OPEN_TRANSFER_STATES),
            ]
        )
        keys.update(
            (line.product_id.id, line.transfer_id.dest_store_id.id) for line in lines
        )
        purchase_lines = self.env["purchase.order.line"].search(
            [
                ("product_id", "in", products.ids),
                ("order_id.state", "in", ("draft", "sent", "to approve")),
                (
                    "order_id.picking_type_id.warehouse_id",
                    "in",
                    stores.warehouse_id.ids,
                ),
            ]
        )
        for line in purchase_lines:
            store = line.order_id.picking_type_id.warehouse_id.store_id
            keys.add((line.product_id.id, store.id))
        return keys

    def _create_transfers(self, plan):
        Transfer = self.env["multistore.transfer"]
        transfers = Transfer
        for (source, dest), lines in plan.items():
            transfer = Transfer.create(
                {
                    "source_store_id": source.id,
                    "dest_store_id": dest.id,
                    "company_id": dest.company_id.id,
                    "origin": self.env._("Chain planner"),
                    "line_ids": [
                        fields.Command.create(
                            {"product_id": product.id, "qty_requested": qty}
                        )
                        for product, qty in lines
                    ],
                }
            )
            transfer.action_request()
            transfers |= transfer
        return transfers

    def _create_purchases(self, plan):
        orders = self.env["purchase.order"]
        by_vendor = defaultdict(list)
        for op, qty in plan:
            seller = op.product_id._select_seller(quantity=qty)
            if not seller:
                op.store_id.message_post(
                    body=self.env._(
                        "The chain planner cannot buy %(product)s: it has no vendor.",
                        product=op.product_id.display_name,
                    )
                )
                continue
            by_vendor[(seller.partner_id, op.store_id)].append((op, qty, seller))
        # The planner buys for the chain: chain managers (and the cron) run
        # it without a purchasing role. It creates draft quotations only,
        # which a buyer confirms.
        orders = orders.sudo()
        for (vendor, store), lines in by_vendor.items():
            orders |= orders.create(
                {
                    "partner_id": vendor.id,
                    "company_id": store.company_id.id,
                    "picking_type_id": store.warehouse_id.in_type_id.id,
                    "origin": self.env._("Chain planner"),
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": op.product_id.id,
                                "product_qty": qty,
                                "price_unit": seller.price,
                            }
                        )
                        for op, qty, seller in lines
                    ],
                }
            )
        return orders.sudo(False)
