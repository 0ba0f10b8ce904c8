"""Volume demo data of multistore_reports (called from demo XML only).

Run through ``multistore.store._multistore_demo_generate("multistore_reports")``.

Gives every report of the demo chain something to show.

On top of multistore_base's till sales of the last 60 days: the weeks
before them back to the first day of the third month ago and the same
weeks a year ago (ranking and weekly trend against last year, whole
budget months), a few sales earlier today (chain dashboard), receipts
from three vendors, on time, late, short and with a return (supplier
scorecard), a product last sold more than 90 days ago (slow stock) and
one never sold (dead stock); the facts are then rebuilt. Last come the
stores' operating expenses on their analytic accounts (P&L) and budgets
around what each store really did (budget vs actual): the reports read
both live, not through the facts.
"""

import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from odoo.addons.multistore_base.demo.demo_data import (
    demo_pos_session,
    demo_products,
    translate_names,
)

DEMO_NAMES_ZH_CN = {
    "multistore_reports.demo_product_slow_stock": "桂花乌龙茶礼罐",
    "multistore_reports.demo_product_dead_stock": "端午粽子礼盒",
}

# Vendors of the demo chain: name, promised lead time in days, products
# (multistore_base demo products) and, per store, how many days late each of
# its two deliveries arrived (negative: early).
DEMO_VENDORS = (
    (
        "Hangzhou West Lake Tea Garden",
        4,
        ("demo_product_green_tea", "demo_product_oolong"),
        ((0, -1), (-1, 0), (0, 0), (-1, -1)),
    ),
    (
        "Anhui Qimen Tea Trading",
        7,
        ("demo_product_black_tea", "demo_product_honey"),
        ((3, 0), (5, -1), (2, 4), (4, 0)),
    ),
    (
        "Jingdezhen Porcelain Works",
        10,
        ("demo_product_teapot", "demo_product_cups"),
        ((0, 2), (-2, 0), (1, 0), (0, 6)),
    ),
)


def generate(env):
    translate_names(env, DEMO_NAMES_ZH_CN)
    rng = random.Random(6)
    stores = env["multistore.store"].search(
        [("warehouse_id", "!=", False)], order="code"
    )
    months = _demo_months(env)
    _demo_stock(env, stores, rng)
    _demo_sales(env, stores, months[0], rng)
    _demo_purchases(env, stores, rng)
    env["multistore.sales.fact"]._refresh_facts(full=True)
    revenue = _demo_revenue(env, stores, months)
    planned = _demo_expenses(env, stores, months, revenue, rng)
    _demo_budgets(env, stores, months, revenue, planned, rng)


def _demo_months(env):
    """First days of the last three months and of this one."""
    this_month = fields.Date.context_today(env["multistore.store"]).replace(day=1)
    return [this_month - relativedelta(months=k) for k in (3, 2, 1, 0)]


def _demo_stock(env, stores, rng):
    """The slow and the dead product on the shelves of every store since
    they were bought for their season, long before the demo sales."""
    ref = env.ref
    quants = env["stock.quant"].with_context(inventory_mode=True)
    for xmlid, days_ago in (
        ("multistore_reports.demo_product_slow_stock", 150),
        ("multistore_reports.demo_product_dead_stock", 170),
    ):
        product = ref(xmlid)
        for store in stores:
            quants.create(
                {
                    "product_id": product.id,
                    "location_id": store.warehouse_id.lot_stock_id.id,
                    "inventory_quantity": rng.randint(6, 14),
                }
            ).action_apply_inventory()
        moves = env["stock.move"].search(
            [("product_id", "=", product.id), ("is_inventory", "=", True)]
        )
        _demo_backdate(env, moves, fields.Datetime.now() - timedelta(days=days_ago))


def _demo_sales(env, stores, first_month, rng):
    """Till sales beside multistore_base's last 60 days (same products,
    same tills): the weeks before them back to ``first_month``, the same
    weeks a year ago for a smaller chain, a few sales earlier today; and
    the slow product's last sales, more than 90 days ago (slow-moving
    with the default ``multistore_reports.slow_moving_days``). Sales of
    long ago leave the stock alone: it has been replenished since."""
    slow = env.ref("multistore_reports.demo_product_slow_stock")
    dead = env.ref("multistore_reports.demo_product_dead_stock")
    products = demo_products(env) - slow - dead
    span = (fields.Date.context_today(env["multistore.store"]) - first_month).days
    older = max(span - 61, 1)
    for config in stores.pos_config_ids:
        demo_pos_session(
            env,
            config,
            products,
            rng,
            orders=round(40 * older / 60),
            days=older,
            ago=60,
            pickings=False,
        )
        # 364 days: the same weekdays, so weeks compare with weeks.
        demo_pos_session(
            env,
            config,
            products,
            rng,
            orders=round(34 * span / 60),
            days=span - 1,
            ago=364,
            pickings=False,
        )
        # The day before tomorrow: today, for the chain dashboard.
        demo_pos_session(env, config, products, rng, orders=3, days=1, ago=-1)
    for store in stores.filtered("pos_config_ids"):
        demo_pos_session(
            env,
            store.pos_config_ids[:1],
            slow,
            rng,
            orders=rng.randint(4, 7),
            days=max(span - 91, 5),
            ago=90,
            pickings=False,
        )


def _demo_purchases(env, stores, rng):
    """Two receipts per store from each vendor (see ``DEMO_VENDORS``);
    the second vendor's last receipt in the first store comes six short
    of each product (no backorder), the third vendor takes back two
    chipped items of its first receipt in the second store."""
    now = fields.Datetime.now()
    for vendor_index, (name, lead_days, xmlids, delays) in enumerate(DEMO_VENDORS):
        vendor = env["res.partner"].create(
            {"name": name, "is_company": True, "supplier_rank": 1}
        )
        products = env["product.product"].browse(
            [env.ref(f"multistore_base.{xmlid}").id for xmlid in xmlids]
        )
        for store_index, store in enumerate(stores):
            received_ago = (rng.randint(28, 45), rng.randint(3, 14))
            store_delays = delays[store_index % len(delays)]
            for delivery, late in enumerate(store_delays):
                received = now - timedelta(
                    days=received_ago[delivery], hours=rng.randint(0, 6)
                )
                ordered = received - timedelta(days=lead_days + late)
                qty = rng.choice([12, 18, 24, 30])
                order = _demo_purchase(
                    env,
                    vendor,
                    store,
                    products,
                    qty,
                    ordered,
                    ordered + timedelta(days=lead_days),
                )
                case = (vendor_index, store_index, delivery)
                receipt = order.picking_ids
                _demo_receive(
                    env, receipt, qty - 6 if case == (1, 0, 1) else qty, received
                )
                if case == (2, 1, 0):
                    _demo_return(env, receipt, 2, received + timedelta(days=2))


def _demo_purchase(env, vendor, store, products, qty, ordered, promised):
    order = env["purchase.order"].create(
        {
            "partner_id": vendor.id,
            "company_id": store.company_id.id,
            "picking_type_id": store.warehouse_id.in_type_id.id,
            "date_order": ordered,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_qty": qty,
                        "price_unit": product.standard_price,
                        "date_planned": promised,
                    }
                )
                for product in products
            ],
        }
    )
    order.button_confirm()
    order.write({"date_order": ordered, "date_approve": ordered})
    return order


def _demo_receive(env, picking, qty, date):
    """Receive ``qty`` of each product on ``date``; what is missing is
    not coming (no backorder)."""
    for move in picking.move_ids:
        move.quantity = qty
    picking.move_ids.picked = True
    picking.with_context(
        skip_backorder=True, picking_ids_not_to_backorder=picking.ids
    ).button_validate()
    picking.date_done = date
    _demo_backdate(env, picking.move_ids, date)


def _demo_return(env, receipt, qty, date):
    """Send ``qty`` of the receipt's first product back to the vendor."""
    wizard = (
        env["stock.return.picking"]
        .with_context(active_id=receipt.id, active_model="stock.picking")
        .create({"picking_id": receipt.id})
    )
    wizard.product_return_moves.quantity = 0
    wizard.product_return_moves[:1].quantity = qty
    action = wizard.action_create_returns()
    _demo_receive(env, env["stock.picking"].browse(action["res_id"]), qty, date)


def _demo_backdate(env, moves, date):
    moves.date = date
    moves.move_line_ids.date = date


def _demo_revenue(env, stores, months):
    """{(store id, month): revenue} from the store-day facts."""
    groups = env["multistore.store.day.fact"]._read_group(
        [("store_id", "in", stores.ids), ("date", ">=", months[0])],
        ["store_id", "date:month"],
        ["revenue:sum"],
    )
    return {(store.id, month): revenue for store, month, revenue in groups}


def _demo_expenses(env, stores, months, revenue, rng):
    """Rent (1st), energy (15th) and wages (25th) of each month on each
    store's analytic account (a new one on a "Stores" plan for a store
    without), in proportion to what the store sells; the days still to
    come this month are not booked yet. Returns the month's planned total
    per (store id, month)."""
    without = stores.filtered(lambda store: not store.analytic_account_id)
    if without:
        plan = env["account.analytic.plan"].create({"name": "Stores"})
        for store in without:
            store.analytic_account_id = env["account.analytic.account"].create(
                {
                    "name": store.name,
                    "code": store.code,
                    "plan_id": plan.id,
                    "company_id": store.company_id.id,
                }
            )
    today = fields.Date.context_today(env["multistore.store"])
    lines = []
    planned = {}
    for store in stores:
        account = store.analytic_account_id
        fname = account.plan_id._column_name()
        sales = [revenue.get((store.id, month), 0.0) for month in months[:-1]]
        monthly = max(sum(sales) / len(sales), 1000.0)
        rent = round(monthly * rng.uniform(0.12, 0.2), -2)
        for month in months:
            amounts = (
                (1, "Rent", rent),
                (15, "Energy", round(monthly * rng.uniform(0.02, 0.04), -1)),
                (25, "Wages", round(monthly * rng.uniform(0.14, 0.2), -1)),
            )
            planned[store.id, month] = sum(amount for _d, _n, amount in amounts)
            for day, name, amount in amounts:
                if month.replace(day=day) > today:
                    continue
                lines.append(
                    {
                        "name": f"{name} {store.code} {month:%Y-%m}",
                        "date": month.replace(day=day),
                        "amount": -amount,
                        "company_id": store.company_id.id,
                        fname: account.id,
                    }
                )
    env["account.analytic.line"].create(lines)
    return planned


def _demo_budgets(env, stores, months, revenue, planned, rng):
    """Revenue and expense budgets per store and month. The past months'
    revenue budgets sit around what the store sold (some above, some
    below), this month's on the average of the past ones; the expense
    budgets around the planned expenses."""
    vals_list = []
    for store in stores:
        sales = [revenue.get((store.id, month), 0.0) for month in months[:-1]]
        average = sum(sales) / len(sales)
        for month, sold in zip(months, [*sales, average], strict=True):
            if month == months[-1]:
                factor = rng.uniform(0.95, 1.1)
            else:
                factor = rng.uniform(0.85, 1.18)
            vals_list += [
                {
                    "store_id": store.id,
                    "date": month,
                    "line_type": "revenue",
                    "amount": round(sold * factor, -1),
                },
                {
                    "store_id": store.id,
                    "date": month,
                    "line_type": "expense",
                    "amount": round(
                        planned[store.id, month] * rng.uniform(0.9, 1.1), -1
                    ),
                },
            ]
    env["multistore.budget"].create(vals_list)
