"""Volume demo data of multistore_loyalty (called from demo XML only).

Builds the demo members' history: members buy at the tills of several
stores, earn points through the same server path a till uses, redeem part
of them in another store and return goods in a third one, so that history
per store, tiers and the inter-store settlement show real figures. Run
through ``multistore.store._multistore_demo_generate("multistore_loyalty")``.
"""

import random

from odoo import fields

from odoo.addons.multistore_base.demo.demo_data import demo_products, translate_names

DEMO_MEMBERS = (
    "multistore_loyalty.demo_member_li",
    "multistore_loyalty.demo_member_wang",
    "multistore_loyalty.demo_member_chen",
    "multistore_loyalty.demo_member_zhang",
)

DEMO_NAMES_ZH_CN = {
    "multistore_loyalty.demo_tier_member": "会员",
    "multistore_loyalty.demo_tier_silver": "银卡",
    "multistore_loyalty.demo_tier_gold": "金卡",
    "multistore_loyalty.demo_program_points": "多店连锁积分",
    "multistore_loyalty.demo_program_birthday": "生日礼遇",
}


def generate(env):
    translate_names(env, DEMO_NAMES_ZH_CN)
    program = env.ref("multistore_loyalty.demo_program_points")
    members = env["res.partner"].browse([env.ref(xmlid).id for xmlid in DEMO_MEMBERS])
    # The members shop at the retail stores' tills (not at Odoo's demo shops,
    # which sit in the central warehouse).
    configs = env["pos.config"].search(
        [("store_id.store_type", "=", "retail")], order="store_id, id"
    )
    products = demo_products(env).filtered("available_in_pos")
    if not configs or not products:
        return
    rng = random.Random(42)
    orders_by_member = {}
    for member in members:
        for config in configs:
            picked = products.browse(rng.sample(products.ids, 2))
            order = _demo_order(
                env,
                config,
                member,
                [(product, rng.randint(1, 3)) for product in picked],
            )
            _demo_confirm(env, order, program, order.amount_total)
            orders_by_member.setdefault(member, []).append(order)
    # The first member redeems 60 points in the last store.
    member = members[0]
    card = _demo_card(env, program, member)
    product = products[0]
    redemption = _demo_order(
        env,
        configs[-1],
        member,
        [(product, 2)],
        reward=(program.reward_ids[:1], card, 60.0),
    )
    _demo_confirm(env, redemption, program, redemption.amount_total, redeemed=60.0)
    # The second member returns an item bought in the first store at the
    # last store.
    member = members[1]
    origin = orders_by_member[member][0]
    line = origin.lines[:1]
    refund = _demo_order(
        env,
        configs[-1],
        member,
        [(line.product_id, -1)],
        refunded_line=line,
    )
    _demo_confirm(env, refund, program, 0.0)
    members._multistore_update_tier()


def _demo_session(env, config):
    session = env["pos.session"].search(
        [("config_id", "=", config.id), ("state", "!=", "closed")], limit=1
    )
    return session or env["pos.session"].create({"config_id": config.id})


def _demo_card(env, program, member):
    return env["loyalty.card"].search(
        [("program_id", "=", program.id), ("partner_id", "=", member.id)], limit=1
    )


def _demo_order(env, config, member, product_qtys, reward=None, refunded_line=None):
    session = _demo_session(env, config)
    lines = []
    for product, qty in product_qtys:
        price = refunded_line.price_unit if refunded_line else product.lst_price
        lines.append(
            fields.Command.create(
                {
                    "product_id": product.id,
                    "qty": qty,
                    "price_unit": price,
                    "price_subtotal": price * qty,
                    "price_subtotal_incl": price * qty,
                    "refunded_orderline_id": refunded_line.id
                    if refunded_line
                    else False,
                }
            )
        )
    if reward:
        reward_rule, card, points = reward
        price = -round(points * reward_rule.discount, 2)
        lines.append(
            fields.Command.create(
                {
                    "product_id": reward_rule.discount_line_product_id.id,
                    "qty": 1,
                    "price_unit": price,
                    "price_subtotal": price,
                    "price_subtotal_incl": price,
                    "is_reward_line": True,
                    "reward_id": reward_rule.id,
                    "coupon_id": card.id,
                    "points_cost": points,
                    "reward_identifier_code": "demo",
                }
            )
        )
    total = sum(line[2]["price_subtotal_incl"] for line in lines)
    order = env["pos.order"].create(
        {
            "session_id": session.id,
            "partner_id": member.id,
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
            "payment_method_id": config.payment_method_ids[:1].id,
        }
    )
    order.action_pos_order_paid()
    order._create_order_picking()
    return order


def _demo_confirm(env, order, program, amount, redeemed=0.0):
    """What a till sends once the order is saved: the points it earned
    (before the tier multiplier) less the points it redeemed."""
    card = _demo_card(env, program, order.partner_id)
    key = card.id or -1
    order.confirm_coupon_programs(
        {
            key: {
                "points": max(amount, 0.0) - redeemed,
                "program_id": program.id,
                "coupon_id": key,
                "partner_id": order.partner_id.id,
                "line_codes": ["demo"] if redeemed else [],
            }
        }
    )
