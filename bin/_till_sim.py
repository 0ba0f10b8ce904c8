"""A till of the 18.0 POS, simulated: what bin/bench-till (and load tests) run
inside Odoo.

``setup(db, flavour)`` sets a database up as a new customer would (chart of
accounts, card payment method, till, loyalty programme, members with a card,
products, a cashier who opens the session; with Multistore the setup wizard's
store and the cashier as its store user). ``Till`` makes the calls the 18.0
till makes for a member's paid order (pos_loyalty's payment_screen.js):
``validate_coupon_programs``, ``sync_from_ui``, ``confirm_coupon_programs``
and ``add_loyalty_history_lines``, each in its own transaction on a fresh
registry cursor, as the cashier. ``check_orders`` checks that every order was
paid once and earned its points once.
"""

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "odoo.conf"
ADDONS = ROOT / "addons"
CASHIER = "bench.cashier"
MEMBERS = 30
PRODUCTS = 20


def odoo_registry(db):
    """The registry of ``db``; Odoo's configuration is parsed once per
    process (it cannot be parsed twice)."""
    import odoo
    from odoo.tools import config

    if db in odoo.modules.registry.Registry.registries:
        return odoo.modules.registry.Registry(db)
    config.parse_config(
        ["-c", str(CONF), f"--addons-path={ADDONS}", "-d", db, "--log-level=warn"]
    )
    return odoo.modules.registry.Registry(db)


def add_members(env, program, partner_vals):
    """Members (partners) with a card of ``program`` and no points."""
    members = env["res.partner"].create(partner_vals)
    env["loyalty.card"].create(
        [
            {"program_id": program.id, "partner_id": member.id, "points": 0}
            for member in members
        ]
    )
    return members


def open_session(config, cashier):
    """The cashier opens the till, as at the start of a day: its session."""
    config.with_user(cashier).open_ui()
    session = config.current_session_id
    session.with_user(cashier).set_opening_control(0, "")
    return session


def setup(db, flavour):
    """The chain of one till, as a new customer would set it up."""
    from odoo import SUPERUSER_ID, Command, api

    registry = odoo_registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        company = env.company
        if not company.chart_template:
            env["account.chart.template"].try_loading(
                "generic_coa", company, install_demo=False
            )
        admin = env.ref("base.user_admin")
        if flavour == "multistore":
            # The setup wizard turns the warehouse into a store; its till
            # follows through the warehouse.
            wizard = env["multistore.setup.wizard"].with_user(admin).create({})
            wizard.action_run()
            store = env["multistore.store"].search([], limit=1)
        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        method = env["pos.payment.method"].create(
            {"name": "Card", "journal_id": bank.id, "company_id": company.id}
        )
        config = env["pos.config"].search([("company_id", "=", company.id)], limit=1)
        if not config:
            config = env["pos.config"].create({"name": "Shop"})
        config.payment_method_ids = [Command.set(method.ids)]
        groups = ["base.group_user", "point_of_sale.group_pos_user"]
        if flavour == "multistore":
            groups.append("multistore_base.group_store_user")
        user_vals = {
            "name": "Bench Cashier",
            "login": CASHIER,
            "password": CASHIER,
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [Command.set([env.ref(xmlid).id for xmlid in groups])],
            "tz": "UTC",
        }
        if flavour == "multistore":
            user_vals.update(store_ids=[Command.set(store.ids)], store_id=store.id)
        cashier = env["res.users"].create(user_vals)
        tax = company.account_sale_tax_id
        env["product.product"].create(
            [
                {
                    "name": f"Bench product {i:02d}",
                    "default_code": f"BENCH-{i:02d}",
                    "is_storable": True,
                    "list_price": 3.0 + i * 1.25,
                    "available_in_pos": True,
                    "taxes_id": [Command.set(tax.ids)],
                }
                for i in range(PRODUCTS)
            ]
        )
        program = env["loyalty.program"].create(
            {
                "name": "Bench Points",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "rule_ids": [
                    Command.create(
                        {
                            "reward_point_mode": "money",
                            "reward_point_amount": 1,
                            "minimum_qty": 1,
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 0.01,
                            "required_points": 100,
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        add_members(
            env,
            program,
            [
                {"name": f"Bench Member {i:02d}", "email": f"m{i}@bench.example"}
                for i in range(MEMBERS)
            ],
        )
        session = open_session(config, cashier)
        return {
            "config": config.id,
            "session": session.id,
            "store": store.id if flavour == "multistore" else None,
            "tax": tax.display_name,
        }


class Till:
    """Calls the server as the 18.0 till does for a member's paid order."""

    def __init__(self, registry, lines):
        from odoo import SUPERUSER_ID, api

        self.registry = registry
        self.lines = lines
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cashier = env["res.users"].search([("login", "=", CASHIER)])
            session = env["pos.session"].search(
                [("user_id", "=", cashier.id), ("state", "=", "opened")], limit=1
            )
            config = session.config_id
            self.uid = cashier.id
            self.company = config.company_id.id
            self.session = config.current_session_id.id
            self.pricelist = config.pricelist_id.id
            self.payment_method = config.payment_method_ids[:1].id
            program = env["loyalty.program"].search([("name", "=", "Bench Points")])
            self.program = program.id
            self.cards = [
                (card.id, card.partner_id.id)
                for card in env["loyalty.card"].search(
                    [("program_id", "=", program.id)], order="id"
                )
            ]
            products = env["product.product"].search(
                [("default_code", "like", "BENCH-")], order="id"
            )
            self.products = []
            for product in products:
                price = (
                    config.pricelist_id._get_product_price(product, 1.0)
                    if config.pricelist_id
                    else product.lst_price
                )
                taxes = product.taxes_id.compute_all(
                    price, config.currency_id, 1.0, product=product
                )
                self.products.append(
                    (
                        product.id,
                        price,
                        product.taxes_id.ids,
                        taxes["total_excluded"],
                        taxes["total_included"],
                    )
                )
        self.context = {
            "lang": "en_US",
            "tz": "UTC",
            "allowed_company_ids": [self.company],
        }
        self.count = 0

    def call(self, model, method, ids, *args):
        from odoo import api

        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.uid, dict(self.context))
            result = getattr(env[model].browse(ids), method)(*args)
            cr.commit()
        return result

    def order_payload(self):
        import uuid
        from datetime import datetime, timezone

        index = self.count
        self.count += 1
        card, partner = self.cards[index % len(self.cards)]
        lines = []
        for position in range(self.lines):
            product, price, taxes, untaxed, total = self.products[
                (index * self.lines + position) % len(self.products)
            ]
            lines.append(
                (
                    0,
                    0,
                    {
                        "uuid": str(uuid.uuid4()),
                        "product_id": product,
                        "qty": 1.0,
                        "price_unit": price,
                        "discount": 0.0,
                        "price_subtotal": untaxed,
                        "price_subtotal_incl": total,
                        "tax_ids": [(6, 0, taxes)],
                        "pack_lot_ids": [],
                    },
                )
            )
        untaxed = round(sum(line[2]["price_subtotal"] for line in lines), 2)
        total = round(sum(line[2]["price_subtotal_incl"] for line in lines), 2)
        order_uuid = str(uuid.uuid4())
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        order = {
            "uuid": order_uuid,
            "name": f"Order {order_uuid[:13]}",
            "session_id": self.session,
            "user_id": self.uid,
            "partner_id": partner,
            "pricelist_id": self.pricelist or False,
            "fiscal_position_id": False,
            "date_order": now,
            "sequence_number": index + 1,
            "lines": lines,
            "payment_ids": [
                (
                    0,
                    0,
                    {
                        "amount": total,
                        "payment_date": now,
                        "payment_method_id": self.payment_method,
                    },
                )
            ],
            "amount_total": total,
            "amount_tax": round(total - untaxed, 2),
            "amount_paid": total,
            "amount_return": 0.0,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
        }
        # 1 point per currency unit of the order (taxes included).
        points = total
        return order, card, partner, points

    def sell(self):
        """One member's paid order, as the till sends it. Returns the order id."""
        order, card, partner, points = self.order_payload()
        self.call("pos.order", "validate_coupon_programs", [], {card: points}, [])
        result = self.call("pos.order", "sync_from_ui", [], [order])
        [order_id] = [
            o["id"] for o in result["pos.order"] if o["uuid"] == order["uuid"]
        ]
        coupon_data = {
            card: {
                "points": points,
                "program_id": self.program,
                "coupon_id": card,
                "barcode": False,
                "partner_id": partner,
            }
        }
        payload = self.call(
            "pos.order", "confirm_coupon_programs", [order_id], coupon_data
        )
        updates = [
            {"id": update["id"], "old_id": update["old_id"]}
            for update in payload["coupon_updates"]
        ]
        self.call(
            "pos.order",
            "add_loyalty_history_lines",
            [order_id],
            [{"order_id": order_id, "card_id": card, "spent": 0, "won": points}],
            updates,
        )
        return order_id


class TimedTill:
    """A till whose orders are timed one by one (wall, CPU, SQL queries)."""

    def __init__(self, db, lines, warmup, profile_file=None):
        self.registry = odoo_registry(db)
        self.till = Till(self.registry, lines)
        for _ in range(warmup):
            self.till.sell()
        self.warmup = warmup
        self.sold = 0
        self.profile_file = profile_file
        self.profiler = None
        if profile_file:
            import cProfile

            self.profiler = cProfile.Profile()

    def sell(self, orders):
        """Sync ``orders`` orders; {"times", "cpu", "queries"} per order."""
        import odoo.sql_db

        times = []
        cpu = []
        queries = []
        for _ in range(orders):
            count = odoo.sql_db.sql_counter
            if self.profiler:
                self.profiler.enable()
            start = time.perf_counter()
            start_cpu = time.process_time()
            self.till.sell()
            elapsed = time.perf_counter() - start
            cpu.append(time.process_time() - start_cpu)
            if self.profiler:
                self.profiler.disable()
            times.append(elapsed)
            queries.append(odoo.sql_db.sql_counter - count)
        self.sold += orders
        return {"times": times, "cpu": cpu, "queries": queries}

    def finish(self):
        """Write the profile; check every order was paid and earned once."""
        if self.profiler:
            self.profiler.dump_stats(self.profile_file)
        check_orders(self.registry, self.till, self.sold + self.warmup)


def run(db, orders, lines, warmup, profile_file=None):
    """Sync ``orders`` member orders one after another (after ``warmup``
    untimed ones); {"times", "cpu", "queries"} per order."""
    timed = TimedTill(db, lines, warmup, profile_file)
    result = timed.sell(orders)
    timed.finish()
    return result


def serve(db, lines, warmup, profile_file=None, stdin=None, stdout=None):
    """Sync orders when told to: the interleaved runs of bin/bench-till.

    Prints ``{"ready": true}`` once warmed up, then reads one command per
    line of ``stdin``: ``sell N`` syncs N orders and prints their figures
    (as ``run``), ``finish`` checks the orders and prints ``{"ok": true}``
    and stops. One JSON line answers each command.
    """
    import json
    import sys

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    timed = TimedTill(db, lines, warmup, profile_file)
    print(json.dumps({"ready": True}), file=stdout, flush=True)
    for line in stdin:
        command, *rest = line.split()
        if command == "sell":
            answer = timed.sell(int(rest[0]))
        elif command == "finish":
            timed.finish()
            print(json.dumps({"ok": True}), file=stdout, flush=True)
            return
        else:
            raise SystemExit(f"unknown command {command!r}")
        print(json.dumps(answer), file=stdout, flush=True)


def check_orders(registry, till, expected):
    """Every order is paid once and its member got its points once."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        orders = env["pos.order"].search([("session_id", "=", till.session)])
        paid = orders.filtered(lambda order: order.state == "paid")
        if len(orders) != expected or len(paid) != expected:
            raise SystemExit(f"expected {expected} paid orders, found {len(paid)}")
        cards = env["loyalty.card"].browse([card for card, _partner in till.cards])
        points = sum(cards.mapped("points"))
        if abs(points - sum(paid.mapped("amount_total"))) > 0.01 * expected:
            raise SystemExit(
                f"points {points} do not match the paid total "
                f"{sum(paid.mapped('amount_total'))}"
            )
