"""Many tills of the 18.0 POS, over HTTP: what bin/bench-load runs.

Inside Odoo (a worker process of bench-load):

``setup_tills(db, flavour, tills, stores)`` adds to a database set up by
``_till_sim.setup`` ``stores`` warehouses (with Multistore each one a store)
and ``tills`` tills spread over them, each with a cashier of its own (with
Multistore a store user of the till's store) who opens its session, and
``MEMBERS_PER_TILL`` members with a card of the bench's loyalty programme per
till (a member shops at one till at a time). ``describe_tills(db)`` returns
what each till process needs to sell: its cashier, session, price list,
payment method, the products at the till's prices and its members' cards.

Outside Odoo (one process per till): ``till_process`` logs in as the
cashier through ``/web/session/authenticate`` and, until its time is up,
makes the calls the 18.0 till makes for a member's paid order through
``/web/dataset/call_kw`` (pos_loyalty's payment_screen.js):
``validate_coupon_programs``, ``sync_from_ui``, ``confirm_coupon_programs``
and ``add_loyalty_history_lines``, each order with a fresh uuid. A call that
fails is resent as the till would (the same order, the same uuid); one order
in ``resend_every`` is synced a second time once done (the till lost the
answer): it must come back as the same order.
"""

import http.cookiejar
import json
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

import _till_sim

TILL_NAME = "Load Till"
CASHIER = "load.cashier"
MEMBERS_PER_TILL = 5
CALL_ATTEMPTS = 5  # sends of one call before the order counts as failed
RETRY_PAUSE = 0.2  # seconds between two sends of a failed call
HTTP_TIMEOUT = 300


# ---------------------------------------------------------------------------
# Inside Odoo
# ---------------------------------------------------------------------------


def setup_tills(db, flavour, tills, stores):
    """``tills`` tills over ``stores`` warehouses (stores with Multistore),
    a cashier each, with their sessions open; members with a card per till."""
    from odoo import SUPERUSER_ID, Command, api

    registry = _till_sim.odoo_registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        company = env.company
        method = env["pos.payment.method"].search(
            [("name", "=", "Card"), ("company_id", "=", company.id)], limit=1
        )
        program = env["loyalty.program"].search([("name", "=", "Bench Points")])
        warehouses = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], order="id", limit=1
        )
        for index in range(2, stores + 1):
            warehouses |= env["stock.warehouse"].create(
                {
                    "name": f"Load Store {index:02d}",
                    "code": f"LD{index:02d}",
                    "company_id": company.id,
                }
            )
        store_of = {}
        if flavour == "multistore":
            Store = env["multistore.store"]
            for warehouse in warehouses:
                store = Store.search([("warehouse_id", "=", warehouse.id)], limit=1)
                if not store:
                    store = Store.create(
                        {
                            "name": warehouse.name,
                            "code": warehouse.code,
                            "warehouse_id": warehouse.id,
                            "company_id": company.id,
                        }
                    )
                store_of[warehouse.id] = store
        groups = ["base.group_user", "point_of_sale.group_pos_user"]
        if flavour == "multistore":
            groups.append("multistore_base.group_store_user")
        group_ids = [env.ref(xmlid).id for xmlid in groups]
        for index in range(1, tills + 1):
            warehouse = warehouses[(index - 1) % len(warehouses)]
            config = env["pos.config"].create(
                {
                    "name": f"{TILL_NAME} {index:02d}",
                    "warehouse_id": warehouse.id,
                    "picking_type_id": warehouse.pos_type_id.id,
                    "payment_method_ids": [Command.set(method.ids)],
                }
            )
            login = f"{CASHIER}.{index:02d}"
            user_vals = {
                "name": f"Load Cashier {index:02d}",
                "login": login,
                "password": login,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set(group_ids)],
                "tz": "UTC",
            }
            if flavour == "multistore":
                store = store_of[warehouse.id]
                user_vals.update(store_ids=[Command.set(store.ids)], store_id=store.id)
            cashier = env["res.users"].create(user_vals)
            _till_sim.add_members(
                env,
                program,
                [
                    {
                        "name": f"Load Member {index:02d}-{member}",
                        "email": f"m{index}.{member}@load.example",
                    }
                    for member in range(MEMBERS_PER_TILL)
                ],
            )
            _till_sim.open_session(config, cashier)
        return {"tills": tills, "stores": len(warehouses)}


def describe_tills(db):
    """What each till process needs: [{login, session, products, cards...}]."""
    from odoo import SUPERUSER_ID, api

    registry = _till_sim.odoo_registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        program = env["loyalty.program"].search([("name", "=", "Bench Points")])
        products = env["product.product"].search(
            [("default_code", "like", "BENCH-")], order="id"
        )
        tills = []
        configs = env["pos.config"].search(
            [("name", "like", f"{TILL_NAME} %")], order="name"
        )
        for index, config in enumerate(configs, 1):
            session = config.current_session_id
            cards = env["loyalty.card"].search(
                [
                    ("program_id", "=", program.id),
                    ("partner_id.name", "like", f"Load Member {index:02d}-%"),
                ],
                order="id",
            )
            priced = []
            for product in products:
                price = (
                    config.pricelist_id._get_product_price(product, 1.0)
                    if config.pricelist_id
                    else product.lst_price
                )
                taxes = product.taxes_id.compute_all(
                    price, config.currency_id, 1.0, product=product
                )
                priced.append(
                    (
                        product.id,
                        price,
                        product.taxes_id.ids,
                        taxes["total_excluded"],
                        taxes["total_included"],
                    )
                )
            tills.append(
                {
                    "till": index,
                    "login": session.user_id.login,
                    "uid": session.user_id.id,
                    "company": config.company_id.id,
                    "session": session.id,
                    "session_state": session.state,
                    "store": config.store_id.code
                    if "store_id" in config._fields
                    else None,
                    "pricelist": config.pricelist_id.id or False,
                    "payment_method": config.payment_method_ids[:1].id,
                    "program": program.id,
                    "cards": [(card.id, card.partner_id.id) for card in cards],
                    "products": priced,
                }
            )
        return tills


# ---------------------------------------------------------------------------
# Outside Odoo: one till over HTTP
# ---------------------------------------------------------------------------


class CallFailed(Exception):
    """A call of the till failed every time it was sent."""


class HttpTill:
    """One till's browser session: the calls of payment_screen.js."""

    def __init__(self, url, db, info, lines=3):
        self.url = url
        self.db = db
        self.info = info
        self.lines = lines
        self.count = 0
        self.errors = []  # (call, message) of every failed send
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar)
        )
        self.context = {
            "lang": "en_US",
            "tz": "UTC",
            "allowed_company_ids": [info["company"]],
        }

    def post(self, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=HTTP_TIMEOUT) as resp:
            answer = json.loads(resp.read())
        if "error" in answer:
            data = answer["error"].get("data") or {}
            message = data.get("message") or answer["error"].get("message") or ""
            raise RuntimeError(
                f"{data.get('name') or 'error'}: {message.strip()[:300]}"
            )
        return answer.get("result")

    def login(self):
        login = self.info["login"]
        result = self.post(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": login},
        )
        if not (result or {}).get("uid"):
            raise CallFailed(f"{login} cannot log in")

    def call(self, model, method, *args):
        """``call_kw`` as the till sends it, resent when it fails."""
        for _attempt in range(CALL_ATTEMPTS):
            try:
                return self.post(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": {"context": self.context},
                    },
                )
            except (OSError, ValueError, RuntimeError) as exc:
                self.errors.append((method, str(exc)[:300]))
                time.sleep(RETRY_PAUSE)
        raise CallFailed(f"{method} failed {CALL_ATTEMPTS} times")

    def order_payload(self):
        info = self.info
        index = self.count
        self.count += 1
        card, partner = info["cards"][index % len(info["cards"])]
        products = info["products"]
        lines = []
        for position in range(self.lines):
            product, price, taxes, untaxed, total = products[
                (index * self.lines + position) % len(products)
            ]
            lines.append(
                [
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
                        "tax_ids": [[6, 0, taxes]],
                        "pack_lot_ids": [],
                    },
                ]
            )
        untaxed = round(sum(line[2]["price_subtotal"] for line in lines), 2)
        total = round(sum(line[2]["price_subtotal_incl"] for line in lines), 2)
        order_uuid = str(uuid.uuid4())
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        order = {
            "uuid": order_uuid,
            "name": f"Order {order_uuid[:13]}",
            "session_id": info["session"],
            "user_id": info["uid"],
            "partner_id": partner,
            "pricelist_id": info["pricelist"],
            "fiscal_position_id": False,
            "date_order": now,
            "sequence_number": index + 1,
            "lines": lines,
            "payment_ids": [
                [
                    0,
                    0,
                    {
                        "amount": total,
                        "payment_date": now,
                        "payment_method_id": info["payment_method"],
                    },
                ]
            ],
            "amount_total": total,
            "amount_tax": round(total - untaxed, 2),
            "amount_paid": total,
            "amount_return": 0.0,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
        }
        # 1 point per currency unit of the order (taxes included).
        return order, card, partner, total

    def sync(self, order):
        result = self.call("pos.order", "sync_from_ui", [order])
        [order_id] = [
            o["id"] for o in result["pos.order"] if o["uuid"] == order["uuid"]
        ]
        return order_id

    def sell(self, record):
        """One member's paid order; fills ``record`` as each call is answered."""
        order, card, partner, points = self.order_payload()
        record.update(uuid=order["uuid"], card=card, points=points)
        self.call("pos.order", "validate_coupon_programs", [], {str(card): points}, [])
        record["order_id"] = order_id = self.sync(order)
        coupon_data = {
            str(card): {
                "points": points,
                "program_id": self.info["program"],
                "coupon_id": card,
                "barcode": False,
                "partner_id": partner,
            }
        }
        payload = self.call(
            "pos.order", "confirm_coupon_programs", [order_id], coupon_data
        )
        record["confirmed"] = True
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
        record["history"] = True
        return order


def till_process(url, db, info, options, ready, go, results):
    """One till: log in, warm up, wait for ``go``, sell until the time is up;
    put its records on ``results``. A record per order: uuid, order_id (the
    acknowledgment of sync_from_ui, None if never), card, points,
    confirmed, history, latency (None for warm-up orders), resent_id."""
    till = HttpTill(url, db, info, options["lines"])
    records = []
    problem = None
    try:
        till.login()
        for _ in range(options["warmup"]):
            record = {"latency": None}
            records.append(record)
            till.sell(record)
    except Exception as exc:  # noqa: BLE001 (reported by the driver)
        problem = f"warm-up: {exc}"
    ready.put(info["till"])
    go.wait()
    deadline = time.monotonic() + options["seconds"]
    while problem is None and time.monotonic() < deadline:
        record = {"latency": None}
        records.append(record)
        start = time.perf_counter()
        try:
            order = till.sell(record)
        except CallFailed as exc:
            record["failed"] = str(exc)
            continue
        except Exception as exc:  # noqa: BLE001 (a bug: reported by the driver)
            problem = f"{type(exc).__name__}: {exc}"
            break
        record["latency"] = time.perf_counter() - start
        if options["resend_every"] and till.count % options["resend_every"] == 0:
            # The till lost the answer and sends the order again.
            try:
                record["resent_id"] = till.sync(order)
            except CallFailed as exc:
                record["resent_id"] = f"failed: {exc}"
    results.put(
        {
            "till": info["till"],
            "records": records,
            "errors": till.errors,
            "problem": problem,
        }
    )
