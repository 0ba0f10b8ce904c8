"""Volume demo data of multistore_inventory (called from demo XML only).

Run through ``multistore.store._multistore_demo_generate("multistore_inventory")``.
"""

import random
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.multistore_base.demo.demo_data import demo_pos_session


def generate(env):
    return _demo_stockout_avoided(env)


def _demo_stockout_avoided(env):
    """Shanghai was down to 2 green teas when the central warehouse's 24
    arrived five days ago; what it has sold since beyond those 2 are
    sales saved (the Stock-outs Avoided report)."""
    ref = env.ref
    store = ref("multistore_base.demo_store_shanghai")
    product = ref("multistore_base.demo_product_green_tea")
    env["stock.quant"].with_context(inventory_mode=True).create(
        {
            "product_id": product.id,
            "location_id": store.warehouse_id.lot_stock_id.id,
            "inventory_quantity": 2,
        }
    ).action_apply_inventory()
    transfer = env["multistore.transfer"].create(
        {
            "source_store_id": ref("multistore_base.demo_store_central").id,
            "dest_store_id": store.id,
            "note": "Green tea for Shanghai, which had run dry.",
            "line_ids": [
                Command.create({"product_id": product.id, "qty_requested": 24})
            ],
        }
    )
    transfer.action_request()
    transfer.action_approve()
    transfer.action_ship()
    transfer.action_fill_received()
    transfer.action_receive()
    transfer.date_received = fields.Datetime.now() - timedelta(days=5)
    # Till sales of the days since the receipt.
    demo_pos_session(
        env,
        ref("multistore_base.demo_pos_config_shanghai"),
        product,
        random.Random(5),
        orders=4,
        days=4,
    )
    return transfer
