"""Volume demo data of multistore_base (called from demo XML only).

Stock on hand in every store and a few closed till sessions with paid
orders, so that the web client and the POS open on real work. Run through
``multistore.store._multistore_demo_generate("multistore_base")``.

``demo_products`` and ``demo_pos_session`` are shared with the demo data of
the other Multistore addons (import them from here).
"""

import random
from datetime import timedelta

from odoo import fields

# Chinese names of the demo records (their English names are in the demo XML),
# given when the database has Simplified Chinese (bin/demo loads it).
DEMO_NAMES_ZH_CN = {
    "multistore_base.demo_product_green_tea": "西湖龙井绿茶 250克",
    "multistore_base.demo_product_black_tea": "祁门红茶 250克",
    "multistore_base.demo_product_oolong": "铁观音乌龙茶 250克",
    "multistore_base.demo_product_teapot": "宜兴紫砂壶",
    "multistore_base.demo_product_cups": "瓷杯套装（6只）",
    "multistore_base.demo_product_mooncake": "莲蓉月饼礼盒",
    "multistore_base.demo_product_rice_cracker": "米饼 500克",
    "multistore_base.demo_product_honey": "洋槐蜂蜜 500克",
    "multistore_base.demo_product_umbrella": "折叠伞",
    "multistore_base.demo_product_tote": "帆布手提袋",
}


def translate_names(env, names):
    """Give demo records their Chinese ``name`` when zh_CN is loaded (only
    where ``name`` is translatable: elsewhere it would replace the English)."""
    if not env["res.lang"]._lang_get("zh_CN"):
        return
    for xmlid, name in names.items():
        record = env.ref(xmlid, raise_if_not_found=False)
        if record and record._fields["name"].translate:
            record.with_context(lang="zh_CN").name = name


def demo_products(env):
    """The products of the demo category."""
    return env["product.product"].search(
        [("categ_id", "=", env.ref("multistore_base.demo_product_category").id)]
    )


def generate(env):
    translate_names(env, DEMO_NAMES_ZH_CN)
    rng = random.Random(18)
    products = demo_products(env)
    stores = env["multistore.store"].search([("warehouse_id", "!=", False)])
    quants = env["stock.quant"].with_context(inventory_mode=True)
    for store in stores:
        for product in products:
            quants.create(
                {
                    "product_id": product.id,
                    "location_id": store.warehouse_id.lot_stock_id.id,
                    "inventory_quantity": rng.randint(20, 80)
                    * (4 if store.store_type == "warehouse" else 1),
                }
            ).action_apply_inventory()
    for config in stores.pos_config_ids:
        demo_pos_session(env, config, products, rng)


def demo_pos_session(
    env, config, products, rng, orders=40, days=60, ago=0, pickings=True
):
    """One closed session of ``orders`` paid orders over the ``days``
    before ``ago`` days ago, delivered from the store unless ``pickings``
    is False (sales of long ago whose stock is gone).

    Another demo may have left the till's next session open: Odoo's
    ``onboarding_creation`` context lets demo sessions sit side by side.
    """
    session = (
        env["pos.session"]
        .with_context(onboarding_creation=True)
        .create({"config_id": config.id})
    )
    payment_method = config.payment_method_ids[:1]
    for _index in range(orders):
        picked = products.browse(
            rng.sample(products.ids, rng.randint(1, min(3, len(products))))
        )
        lines = []
        total = 0.0
        for product in picked:
            qty = rng.randint(1, 3)
            amount = product.lst_price * qty
            total += amount
            lines.append(
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "qty": qty,
                        "price_unit": product.lst_price,
                        "price_subtotal": amount,
                        "price_subtotal_incl": amount,
                    }
                )
            )
        order = env["pos.order"].create(
            {
                "session_id": session.id,
                "date_order": fields.Datetime.now()
                - timedelta(days=ago + rng.randint(1, days), hours=rng.randint(0, 8)),
                "lines": lines,
                "amount_total": total,
                "amount_tax": 0.0,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )
        order.add_payment(
            {
                "pos_order_id": order.id,
                "amount": total,
                "payment_method_id": payment_method.id,
            }
        )
        order.action_pos_order_paid()
        if pickings:
            order._create_order_picking()
    session.action_pos_session_closing_control()
    return session
