"""Demo online orders of multistore_omnichannel (called from demo XML only).

Orders of the online shop in every state a store meets: routed and being
prepared, shipped with a tracking reference, routed to Beijing for a customer
in Tianjin (a region Beijing serves), click & collect waiting for a transfer,
ready for pickup, and collected. Run through
``multistore.store._multistore_demo_generate("multistore_omnichannel")``.
"""

from odoo import Command


def _order(env, customer, lines, pickup_store=None):
    ref = env.ref
    vals = {
        "partner_id": ref(f"multistore_omnichannel.{customer}").id,
        "store_id": ref("multistore_omnichannel.demo_store_online").id,
        "order_line": [
            Command.create(
                {
                    "product_id": ref(f"multistore_base.{product}").id,
                    "product_uom_qty": qty,
                }
            )
            for product, qty in lines
        ],
    }
    if pickup_store:
        vals["pickup_store_id"] = ref(f"multistore_base.{pickup_store}").id
    order = env["sale.order"].create(vals)
    order.action_confirm()
    return order


def _deliveries(order):
    return order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")


def _hand_over(picking):
    for move in picking.move_ids:
        move.quantity = move.product_uom_qty
    picking.button_validate()


def generate(env):
    ref = env.ref
    # A customer who reads Chinese, when the database has it (bin/demo loads
    # it; a plain install with demo data may not).
    if env["res.lang"]._lang_get("zh_CN"):
        ref("multistore_omnichannel.demo_customer_shanghai").lang = "zh_CN"
    # Being prepared in Shanghai, for a customer in Shanghai.
    _order(env, "demo_customer_shanghai", [("demo_product_green_tea", 2)])
    # Shipped with its tracking reference.
    shipped = _order(env, "demo_customer_beijing", [("demo_product_oolong", 1)])
    for picking in _deliveries(shipped):
        picking.carrier_tracking_ref = "SF1402884100" + str(picking.id % 10)
        _hand_over(picking)
    # Tianjin is served by Beijing.
    _order(env, "demo_customer_tianjin", [("demo_product_cups", 1)])
    # Click & collect in Shanghai with more teapots than the store has: the
    # rest is requested from another store.
    shanghai = ref("multistore_base.demo_store_shanghai")
    teapot = ref("multistore_base.demo_product_teapot")
    free = env["multistore.order.router"]._free_stock(shanghai, teapot)
    _order(
        env,
        "demo_customer_shanghai",
        [("demo_product_teapot", max(free.get((shanghai.id, teapot.id), 0), 0) + 2)],
        pickup_store="demo_store_shanghai",
    )
    # Ready for pickup in Beijing.
    ready = _order(
        env,
        "demo_customer_beijing",
        [("demo_product_honey", 1)],
        pickup_store="demo_store_beijing",
    )
    _deliveries(ready).action_multistore_ready_for_pickup()
    # Collected in Shanghai.
    collected = _order(
        env,
        "demo_customer_shanghai",
        [("demo_product_mooncake", 1)],
        pickup_store="demo_store_shanghai",
    )
    picking = _deliveries(collected)
    picking.action_multistore_ready_for_pickup()
    _hand_over(picking)
