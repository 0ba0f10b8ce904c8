"""Faults (issue #15, point 6): the server killed in the middle of writes.

The session's database is copied into one of this module's own, served by
a server of its own (``fault_tools.FaultServer``): the shared session
server is never touched. A fault is staged with ``fault_tools.Cut``: a lock
taken from outside Odoo holds the operation's transaction once it has
written part of its work; then the server is killed with SIGKILL (its whole
process group), its orphan backends are ended and it restarts on the same
database. Nothing may be half-done, and the client's retry (the till
resends the same order, the user clicks again) must land exactly once.

One kill, with six operations in flight at once (``crashed``):

- a till sync (``pos.order.sync_from_ui``), cut after its order and lines
  were inserted, before its payment;
- the confirmation of an order's loyalty points, cut after the card's
  balance changed, before the history line;
- a transfer's shipment, cut after its picking moved the stock out of the
  source store, before the transfer was marked shipped;
- a price change's approval (which activates a change that has started),
  cut after its price list items were created;
- the cron activating a change whose start has come, cut after it wrote
  the price history;
- a full rebuild of the report facts, cut after three fact tables were
  emptied and refilled, waiting on the fourth.

None of these commits in steps (no chunked commits in the addons): each is
one transaction, so "nothing half-done" means "all or nothing".

Then, on the running server: the till resending an order while its first
send is still being saved, and PostgreSQL losing every connection of the
server -- simulated with ``pg_terminate_backend``; the machine's PostgreSQL
is not restarted, which would disturb the other databases it serves -- in
the middle of a sync, and repeatedly while two tills sync under load.

Last, PostgreSQL itself crashing and restarting under load: the database is
copied into a throwaway cluster of the test's own (``initdb``, its own port,
``fault_tools.PrivateCluster``), served by a server of its own, and that
cluster is stopped with ``pg_ctl -m immediate`` (no checkpoint: WAL recovery
at the restart) and started again, twice, while three tills sell to members.
"""

import dataclasses
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
import xmlrpc.client
from datetime import datetime, timedelta, timezone

import pytest
import test_security_till as till_tools
from e2e_tools import filestore
from fault_tools import (
    Call,
    Cut,
    FaultServer,
    PrivateCluster,
    copy_database,
    crash,
    held,
    interrupt,
    postgres_bindir,
    query,
    wait_blocked,
)

pytestmark = pytest.mark.e2e

CASHIER = till_tools.CASHIER
CHAIN = "chain.manager"
MEMBER = "Li Na"
PAYMENT_LOCK = "LOCK TABLE pos_payment IN SHARE MODE"
REFRESHED_AT = "multistore_reports.facts_refreshed_at"


class Fault:
    """The module's own server and its clients (new ones after a restart)."""

    def __init__(self, template, server, client_classes):
        self.template = template
        self.server = server
        self.db = server.db
        self.client_classes = client_classes
        self._clients = {}

    def start(self):
        self._clients = {}
        self.server.start()

    def ensure_running(self):
        if not self.server.running:
            self.start()

    def new_client(self, kind, login, password=None):
        """A new client of ``login`` (``kind``: "rpc" or "web"); one client
        serves one thread (an XML-RPC proxy sends one request at a time)."""
        served = dataclasses.replace(
            self.template, url=self.server.url, db=self.db, log=self.server.log
        )
        client = self.client_classes[kind](served, login, password or login)
        assert client.uid, f"{login} cannot log in to {self.db}"
        return client

    def _client(self, kind, login, password=None):
        key = (kind, login, self.server.starts)
        if key not in self._clients:
            self._clients[key] = self.new_client(kind, login, password)
        return self._clients[key]

    def rpc(self, login, password=None):
        return self._client("rpc", login, password)

    def web(self, login, password=None):
        return self._client("web", login, password)

    @property
    def admin(self):
        return self.rpc("admin", "admin")

    def sql(self, statement, params=()):
        return query(self.db, statement, params)

    def value(self, statement, params=()):
        [(value,)] = self.sql(statement, params)
        return value


def _drop(db):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
    shutil.rmtree(filestore(db), ignore_errors=True)


@pytest.fixture(scope="module")
def fault(odoo_server, admin, web, tmp_path_factory):
    """A copy of the session's database, served by a server of our own."""
    db = f"{odoo_server.db}_faults"
    reuse = os.environ.get("MULTISTORE_E2E_REUSE_DB", "").strip()
    # A database nobody serves is copied in a second; the session's own,
    # which its server keeps open, is dumped and restored.
    fast = bool(reuse) and not os.environ.get("MULTISTORE_E2E_UPDATE")
    source = reuse if fast else odoo_server.db
    log = tmp_path_factory.mktemp("faults") / "fault-server.log"
    server = FaultServer(db, log)
    # The clients of conftest.py, pointed at our server.
    classes = {"rpc": type(admin), "web": type(web(CASHIER))}
    try:
        copy_database(source, db, template=fast)
        if filestore(source).is_dir():
            shutil.rmtree(filestore(db), ignore_errors=True)
            shutil.copytree(filestore(source), filestore(db))
        # Odoo posts chatter messages as the user, who needs an address.
        query(
            db,
            "UPDATE res_partner p SET email = u.login || '@e2e.test'"
            "  FROM res_users u WHERE u.partner_id = p.id AND p.email IS NULL",
        )
        fault = Fault(odoo_server, server, classes)
        fault.start()
        yield fault
    finally:
        server.stop()
        if not os.environ.get("MULTISTORE_KEEP_DB"):
            _drop(db)


@pytest.fixture
def up(fault):
    """The server, running (a failed test may have left it killed)."""
    fault.ensure_running()
    return fault


def _refused(error):
    """A clear refusal (UserError or ValidationError) over XML-RPC."""
    return isinstance(error, xmlrpc.client.Fault) and error.faultCode == 2


# --- the till -------------------------------------------------------------------


def _store_ids(fault):
    stores = fault.admin.search_read(
        "multistore.store", [], ["code"], context={"active_test": False}
    )
    return {store["code"]: store["id"] for store in stores}


def _till(fault):
    return till_tools.open_till(fault.web, fault.admin, _store_ids(fault))


def _member(fault):
    [card] = fault.admin.search_read(
        "loyalty.card",
        [
            ("program_id.name", "=", "Multistore Points"),
            ("partner_id.name", "=", MEMBER),
        ],
        ["partner_id", "program_id"],
    )
    return {
        "card": card["id"],
        "partner": card["partner_id"][0],
        "program": card["program_id"][0],
    }


def _sale(fault, till, code="TEA-001", partner=None):
    """What the till sends for one paid unit of ``code``."""
    cashier = fault.web(CASHIER)
    product, taxes = till_tools._product(cashier, code)
    price = till_tools._store_price(cashier, till, product)
    line = till_tools._line(till, product, 1, price, taxes)
    return till_tools._order(cashier, till, [line], partner)


def _copy_of(order):
    """Another order like ``order`` (new uuids)."""
    copy = dict(order, uuid=str(uuid.uuid4()))
    copy["name"] = f"Order {copy['uuid'][:13]}"
    copy["lines"] = [
        (0, 0, dict(line[2], uuid=str(uuid.uuid4()))) for line in order["lines"]
    ]
    return copy


def _sync(client, order):
    return till_tools._sync(client, order)


def _landed(fault, order):
    """(orders, lines, payments, amount paid) saved for the till's order,
    and the order lines saved under its lines' uuids (with or without it)."""
    orders, lines, payments, paid = fault.sql(
        "SELECT count(DISTINCT o.id), count(DISTINCT l.id), count(DISTINCT p.id),"
        "       coalesce(sum(DISTINCT o.amount_paid), 0)"
        "  FROM pos_order o"
        "  LEFT JOIN pos_order_line l ON l.order_id = o.id"
        "  LEFT JOIN pos_payment p ON p.pos_order_id = o.id"
        " WHERE o.uuid = %s",
        (order["uuid"],),
    )[0]
    any_lines = fault.value(
        "SELECT count(*) FROM pos_order_line WHERE uuid = ANY(%s)",
        ([line[2]["uuid"] for line in order["lines"]],),
    )
    return orders, lines, payments, float(paid), any_lines


def _points(fault, card):
    return fault.value("SELECT points FROM loyalty_card WHERE id = %s", (card,))


def _order_history(fault, order_id):
    return fault.value(
        "SELECT count(*) FROM loyalty_history"
        " WHERE order_model = 'pos.order' AND order_id = %s",
        (order_id,),
    )


def _coupon_data(member, points):
    return {
        str(member["card"]): {
            "points": points,
            "program_id": member["program"],
            "coupon_id": member["card"],
            "partner_id": member["partner"],
            "line_codes": [],
        }
    }


# --- the stock --------------------------------------------------------------------


def _stock(fault, product, location):
    """On hand of ``product`` in ``location`` and its children."""
    return fault.value(
        "SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q"
        "  JOIN stock_location l ON l.id = q.location_id"
        " WHERE q.product_id = %s AND l.parent_path LIKE"
        "       (SELECT parent_path FROM stock_location WHERE id = %s) || '%%'",
        (product, location),
    )


def _transit(fault, product):
    return fault.value(
        "SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q"
        "  JOIN stock_location l ON l.id = q.location_id"
        " WHERE q.product_id = %s AND l.usage = 'transit'",
        (product,),
    )


def _approved_transfer(fault):
    """An approved transfer to SH01 of 2 units of a product its source
    store has: (transfer, product, source stock location)."""
    stores = _store_ids(fault)
    rows = fault.sql(
        "SELECT w.lot_stock_id, s.id, q.product_id"
        "  FROM multistore_store s"
        "  JOIN stock_warehouse w ON w.id = s.warehouse_id"
        "  JOIN stock_quant q ON q.location_id = w.lot_stock_id"
        "  JOIN product_product p ON p.id = q.product_id"
        "  JOIN product_template t ON t.id = p.product_tmpl_id"
        " WHERE s.id <> %s AND s.active AND t.is_storable AND p.active"
        "   AND q.lot_id IS NULL AND q.quantity - q.reserved_quantity >= 5"
        " ORDER BY s.id, q.product_id LIMIT 1",
        (stores["SH01"],),
    )
    assert rows, "the demo has no store with stock to send"
    [(location, source, product)] = rows
    chain = fault.rpc(CHAIN)
    transfer = chain.create(
        "multistore.transfer",
        {
            "source_store_id": source,
            "dest_store_id": stores["SH01"],
            "origin": "e2e faults",
            "line_ids": [(0, 0, {"product_id": product, "qty_requested": 2.0})],
        },
    )
    chain.call("multistore.transfer", "action_request", [transfer])
    chain.call("multistore.transfer", "action_approve", [transfer])
    return transfer, product, location


def _transfer_state(fault, transfer):
    """(state, pickings, quantity shipped) of the transfer."""
    state, pickings, shipped = fault.sql(
        "SELECT t.state, count(DISTINCT p.id),"
        "       (SELECT coalesce(sum(qty_shipped), 0)"
        "          FROM multistore_transfer_line WHERE transfer_id = t.id)"
        "  FROM multistore_transfer t"
        "  LEFT JOIN stock_picking p ON p.multistore_transfer_id = t.id"
        " WHERE t.id = %s GROUP BY t.id",
        (transfer,),
    )[0]
    return state, pickings, float(shipped)


# --- the prices -------------------------------------------------------------------


def _utc(delta):
    moment = datetime.now(timezone.utc).replace(tzinfo=None) + delta
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _submitted_change(fault, code="TEA-004", start=-1, end=24 * 60):
    """A price change of SH01 for ``code`` from ``start`` to ``end`` minutes
    from now, submitted."""
    chain = fault.rpc(CHAIN)
    [product] = chain.search("product.product", [("default_code", "=", code)])
    change = chain.create(
        "multistore.price.change",
        {
            "target": "product",
            "product_id": product,
            "scope": "stores",
            "store_ids": [(6, 0, [_store_ids(fault)["SH01"]])],
            "price_mode": "fixed",
            "new_price": 61.0,
            "reason": "competitor",
            "date_start": _utc(timedelta(minutes=start)),
            "date_end": _utc(timedelta(minutes=end)),
            "note": "e2e faults",
        },
    )
    chain.call("multistore.price.change", "action_submit", [change])
    return change


def _change_due(fault):
    """A price change approved for tomorrow, whose start the clock then
    reaches (moved to a minute ago, its price list items too): the next
    run of the cron activates it."""
    change = _submitted_change(fault, "FOOD-003", start=24 * 60, end=48 * 60)
    fault.rpc(CHAIN).call("multistore.price.change", "action_approve", [change])
    for table, column in (
        ("multistore_price_change", "id"),
        ("product_pricelist_item", "multistore_price_change_id"),
    ):
        fault.sql(
            f"UPDATE {table} SET date_start = (now() AT TIME ZONE 'UTC')"
            f" - interval '1 minute' WHERE {column} = %s",
            (change,),
        )
    [cron] = fault.admin.search(
        "ir.cron",
        [("ir_actions_server_id.code", "=", "model._cron_apply_price_changes()")],
    )
    return change, cron


def _change_state(fault, change):
    """(state, lines, price list items, price history lines) of a change."""
    return fault.sql(
        "SELECT c.state,"
        "  (SELECT count(*) FROM multistore_price_change_line"
        "    WHERE change_id = c.id),"
        "  (SELECT count(*) FROM product_pricelist_item"
        "    WHERE multistore_price_change_id = c.id),"
        "  (SELECT count(*) FROM multistore_price_history"
        "    WHERE price_change_id = c.id)"
        " FROM multistore_price_change c WHERE c.id = %s",
        (change,),
    )[0]


# --- the report facts -------------------------------------------------------------


def _facts(fault):
    """Each fact table's rows (but their ids and stamps), as a fingerprint:
    the tables of multistore.fact.mixin's models, whichever addons add."""
    tables = [
        table
        for (table,) in fault.sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename LIKE 'multistore%%fact' ORDER BY tablename"
        )
    ]
    assert "multistore_category_month_fact" in tables, tables
    return {
        table: fault.value(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(r, ',' ORDER BY r)), '')"
            "  FROM (SELECT (to_jsonb(f) - %s::text[])::text AS r"
            f"         FROM {table} f) rows",
            (["id", "create_date", "write_date", "create_uid", "write_uid"],),
        )
        for table in tables
    }


def _refreshed_at(fault):
    rows = fault.sql(
        "SELECT value FROM ir_config_parameter WHERE key = %s", (REFRESHED_AT,)
    )
    return rows[0][0] if rows else None


# --- one kill, six operations in flight ----------------------------------------


@pytest.fixture(scope="module")
def crashed(fault):
    """Six operations held half-way, the server killed once and restarted.

    Returns what each operation is, what was there before and what was
    found right after the restart (before any retry).
    """
    fault.ensure_running()
    till = _till(fault)
    member = _member(fault)
    cashier, chain = fault.web(CASHIER), fault.rpc(CHAIN)
    sale = _sale(fault, till, "TEA-001", member["partner"])
    earning = _sale(fault, till, "FOOD-002", member["partner"])
    earning_id = _sync(cashier, earning)
    points = float(int(earning["amount_total"]))
    transfer, product, location = _approved_transfer(fault)
    change = _submitted_change(fault)
    due, cron = _change_due(fault)
    chain.call("multistore.sales.fact", "action_refresh_facts")

    def snapshot():
        return {
            "sale": _landed(fault, sale),
            "points": _points(fault, member["card"]),
            "history": _order_history(fault, earning_id),
            "transfer": _transfer_state(fault, transfer),
            "stock": _stock(fault, product, location),
            "transit": _transit(fault, product),
            "change": _change_state(fault, change),
            "due": _change_state(fault, due),
            "facts": _facts(fault),
            "refreshed_at": _refreshed_at(fault),
        }

    before = snapshot()
    server = fault.server

    def chain_call():
        return fault.new_client("rpc", CHAIN).call

    cuts = {
        "sale": Cut(
            server, PAYMENT_LOCK, cashier.call, "pos.order", "sync_from_ui", [sale]
        ),
        "points": Cut(
            server,
            "LOCK TABLE loyalty_history IN SHARE MODE",
            fault.new_client("web", CASHIER).call,
            "pos.order",
            "confirm_coupon_programs",
            [earning_id],
            _coupon_data(member, points),
        ),
        "transfer": Cut(
            server,
            "SELECT 1 FROM multistore_transfer WHERE id = %s FOR NO KEY UPDATE",
            chain.call,
            "multistore.transfer",
            "action_ship",
            [transfer],
            params=(transfer,),
        ),
        "change": Cut(
            server,
            "SELECT 1 FROM multistore_price_change WHERE id = %s FOR NO KEY UPDATE",
            chain_call(),
            "multistore.price.change",
            "action_approve",
            [change],
            params=(change,),
        ),
        "due": Cut(
            server,
            "SELECT 1 FROM multistore_price_change WHERE id = %s FOR NO KEY UPDATE",
            fault.new_client("rpc", "admin", "admin").call,
            "ir.cron",
            "method_direct_trigger",
            [cron],
            params=(due,),
        ),
        # Last: its TRUNCATEs lock the first fact tables until it ends.
        "facts": Cut(
            server,
            "LOCK TABLE multistore_category_month_fact IN ACCESS SHARE MODE",
            chain_call(),
            "multistore.sales.fact",
            "action_rebuild_facts",
        ),
    }
    started = []
    try:
        for cut in cuts.values():
            started.append(cut.start())
    finally:
        crash(server, started)
    assert not server.running, "the server survived SIGKILL"
    fault.start()
    return {
        "cuts": cuts,
        "before": before,
        "after": snapshot(),
        "sale": sale,
        "member": member,
        "earning": earning_id,
        "points": points,
        "transfer": (transfer, product, location),
        "change": change,
        "due": (due, cron),
    }


def test_kill_cut_each_operation_half_way(crashed):
    """The stage: each operation was waiting, half-way, where it was meant
    to, and its client got no answer from the killed server."""
    stuck = {name: cut.statement for name, cut in crashed["cuts"].items()}
    assert "pos_payment" in stuck["sale"], stuck
    assert "loyalty_history" in stuck["points"], stuck
    assert "multistore_transfer" in stuck["transfer"], stuck
    assert "multistore_price_change" in stuck["change"], stuck
    assert "multistore_price_change" in stuck["due"], stuck
    assert "multistore_category_month_fact" in stuck["facts"], stuck
    for name, cut in crashed["cuts"].items():
        assert cut.error is not None, f"{name}: the killed server answered"


def test_killed_till_sync_left_nothing_and_the_resend_lands_once(crashed, up):
    """No trace of the order cut after its lines; the till resends it (and
    again: the answer was lost) and it is saved once, complete."""
    sale = crashed["sale"]
    assert crashed["before"]["sale"] == (0, 0, 0, 0, 0)
    assert crashed["after"]["sale"] == (0, 0, 0, 0, 0), "half an order survived"
    cashier = up.web(CASHIER)
    order_id = _sync(cashier, sale)
    assert _sync(cashier, sale) == order_id
    assert _sync(cashier, sale) == order_id
    orders, lines, payments, paid, any_lines = _landed(up, sale)
    assert (orders, lines, payments, any_lines) == (1, 1, 1, 1)
    assert paid == pytest.approx(sale["amount_paid"])
    [saved] = up.admin.read("pos.order", [order_id], ["state"])
    assert saved["state"] in ("paid", "done"), saved


def test_killed_points_confirmation_added_nothing_and_the_retry_adds_once(crashed, up):
    """The card's new balance died with its transaction; confirmed again
    (and again), the points are added once."""
    member, order_id = crashed["member"], crashed["earning"]
    before = crashed["before"]["points"]
    assert crashed["after"]["points"] == pytest.approx(before)
    assert crashed["after"]["history"] == crashed["before"]["history"] == 0
    cashier = up.web(CASHIER)
    data = _coupon_data(member, crashed["points"])
    cashier.call("pos.order", "confirm_coupon_programs", [order_id], data)
    added = _points(up, member["card"]) - before
    assert added >= crashed["points"], added  # a tier multiplier may add more
    assert _order_history(up, order_id) == 1
    cashier.call("pos.order", "confirm_coupon_programs", [order_id], data)
    assert _points(up, member["card"]) - before == pytest.approx(added)
    assert _order_history(up, order_id) == 1


def test_killed_shipment_moved_nothing_and_the_retry_ships_once(crashed, up):
    """Its picking had moved the stock in the transaction: after the kill
    the transfer is still approved, without picking, the stock where it
    was; shipped again it moves once, and a third click is refused."""
    transfer, product, location = crashed["transfer"]
    before, after = crashed["before"], crashed["after"]
    assert before["transfer"] == after["transfer"] == ("approved", 0, 0.0)
    assert after["stock"] == pytest.approx(before["stock"])
    assert after["transit"] == pytest.approx(before["transit"])
    chain = up.rpc(CHAIN)
    chain.call("multistore.transfer", "action_ship", [transfer])
    assert _transfer_state(up, transfer) == ("shipped", 1, 2.0)
    again = Call(chain.call, "multistore.transfer", "action_ship", [transfer])
    again.run()
    assert _refused(again.error), again.error
    assert _transfer_state(up, transfer) == ("shipped", 1, 2.0)
    assert _stock(up, product, location) == pytest.approx(before["stock"] - 2)
    assert _transit(up, product) == pytest.approx(before["transit"] + 2)


def test_killed_price_activation_switched_nothing_and_the_retry_once(crashed, up):
    """Its price list items were created in the transaction: after the
    kill the change is still submitted, no item, no history; approved
    again it is active with each item and history line once."""
    change = crashed["change"]
    state, lines, items, history = crashed["before"]["change"]
    assert (state, items, history) == ("submitted", 0, 0) and lines
    assert crashed["after"]["change"] == ("submitted", lines, 0, 0)
    chain = up.rpc(CHAIN)
    chain.call("multistore.price.change", "action_approve", [change])
    assert _change_state(up, change) == ("active", lines, lines, lines)
    again = Call(chain.call, "multistore.price.change", "action_approve", [change])
    again.run()
    assert _refused(again.error), again.error
    assert _change_state(up, change) == ("active", lines, lines, lines)


def test_killed_price_cron_activated_nothing_and_its_next_run_once(crashed, up):
    """The cron that activates the changes that started, killed after it
    wrote the price history, before the change was marked active: the
    change is still approved without history; the next run activates it
    once, and a run after that changes nothing."""
    change, cron = crashed["due"]
    state, lines, items, history = crashed["before"]["due"]
    assert (state, items, history) == ("approved", lines, 0) and lines
    assert crashed["after"]["due"] == ("approved", lines, lines, 0)
    admin = up.admin
    admin.call("ir.cron", "method_direct_trigger", [cron])
    assert _change_state(up, change) == ("active", lines, lines, lines)
    admin.call("ir.cron", "method_direct_trigger", [cron])
    assert _change_state(up, change) == ("active", lines, lines, lines)


def test_killed_fact_rebuild_kept_the_old_figures(crashed, up):
    """Three fact tables had been emptied and refilled in the transaction:
    after the kill every table holds its old figures and the refresh stamp
    is the old one (one transaction, nothing to resume); rebuilt again it
    completes, and a second rebuild gives the same figures."""
    before, after = crashed["before"], crashed["after"]
    assert int(before["facts"]["multistore_sales_fact"].split(":")[0]) > 0
    assert after["facts"] == before["facts"]
    assert after["refreshed_at"] == before["refreshed_at"]
    chain = up.rpc(CHAIN)
    chain.call("multistore.sales.fact", "action_rebuild_facts")
    rebuilt = _facts(up)
    assert _refreshed_at(up) != before["refreshed_at"]
    chain.call("multistore.sales.fact", "action_rebuild_facts")
    assert _facts(up) == rebuilt


# --- the till resending while the first send runs -----------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "TEA-002",  # storable: the second save hits the first's valuation row
        "CONS_0001",  # not storable: only the order's uuid in common
    ],
)
def test_till_resend_while_first_send_runs_lands_once(up, code):
    """The till gave up waiting (the server was slow) and resent the order
    while its first send was still being saved: it must land once. (It
    landed twice before pos.order's uuid was made unique: the resend did not
    see the first send's uncommitted order; multistore_base now retries it.)"""
    till = _till(up)
    order = _sale(up, till, code=code)
    cashier = up.web(CASHIER)
    calls = [Call(cashier.call, "pos.order", "sync_from_ui", [order]) for _ in "12"]
    with held(up.db, PAYMENT_LOCK):
        calls[0].start()
        wait_blocked(up.server, calls[:1])
        calls[1].start()
        # Both inserted their order and wait on the lock, or the resend
        # waits on the first send.
        time.sleep(1.0)
    for call in calls:
        call.join(timeout=120)
    orders, _lines, payments, _paid, _any = _landed(up, order)
    answers = [call.error or call.result for call in calls]
    assert (orders, payments) == (1, 1), (
        f"{orders} orders, {payments} payments for one till order; answers: {answers}"
    )


# --- PostgreSQL losing the server's connections ---------------------------------


def test_connection_loss_mid_sync_then_the_resend_lands_once(up):
    """Every connection of the server ends while it saves an order (as when
    PostgreSQL restarts): the till gets an error, nothing is saved, the
    server keeps serving and the till's resend lands once."""
    till = _till(up)
    order = _sale(up, till, code="TEA-003")
    cashier = up.web(CASHIER)
    cut = interrupt(
        up.server,
        PAYMENT_LOCK,
        cashier.call,
        "pos.order",
        "sync_from_ui",
        [order],
        kill=False,
    )
    assert cut.error is not None, "the till was told a lost order was saved"
    assert "pos_payment" in cut.statement, cut.statement
    assert up.server.running
    assert _landed(up, order) == (0, 0, 0, 0, 0)
    order_id = _sync(cashier, order)
    assert _sync(cashier, order) == order_id
    assert _landed(up, order)[:3] == (1, 1, 1)


def _till_loop(cashier, orders, stats):
    """A till syncing ``orders`` one by one, resending each until it gets
    an answer (as the POS does when the server fails)."""
    for order in orders:
        for _attempt in range(30):
            try:
                _sync(cashier, order)
                break
            except Exception:  # noqa: BLE001 (a failed send is retried)
                stats["retries"] += 1
                time.sleep(0.2)
        else:
            stats["lost"].append(order["uuid"])


def test_connection_losses_under_load_lose_nothing(up):
    """Two tills sync orders while the server loses all its connections
    again and again: every order lands exactly once, and the server still
    answers after."""
    till = _till(up)
    sale = _sale(up, till, code="TEA-001")
    orders = [_copy_of(sale) for _index in range(12)]
    stats = {"retries": 0, "lost": []}
    tills = [
        threading.Thread(
            target=_till_loop,
            args=(up.new_client("web", CASHIER), orders[half::2], stats),
        )
        for half in (0, 1)
    ]
    for thread in tills:
        thread.start()
    cuts = 0
    # Until the tills are done, or some sends were cut (and a few more cuts).
    while any(thread.is_alive() for thread in tills) and (
        cuts < 4 or not stats["retries"]
    ):
        time.sleep(0.3)
        up.server.end_backends()
        cuts += 1
    for thread in tills:
        thread.join(timeout=300)
    assert not stats["lost"], f"orders never saved: {stats['lost']}"
    assert stats["retries"], "no send was cut: the test proved nothing"
    counts = dict(
        up.sql(
            "SELECT uuid, count(*) FROM pos_order WHERE uuid = ANY(%s) GROUP BY uuid",
            ([order["uuid"] for order in orders],),
        )
    )
    assert counts == {order["uuid"]: 1 for order in orders}, counts
    assert up.server.running
    assert up.admin.search("pos.order", [("uuid", "=", orders[0]["uuid"])])


# --- PostgreSQL itself restarting under load ----------------------------------------


@pytest.fixture
def private_pg(up, tmp_path_factory):
    """A copy of the module's database in a PostgreSQL cluster of its own,
    served by a server of its own: (cluster, Fault of that server)."""
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("no initdb/pg_ctl on this machine for a private cluster")
    db = f"{up.db}_pg"
    cluster = PrivateCluster(tempfile.mkdtemp(prefix="ms_faults_pg_"), bindir)
    log = tmp_path_factory.mktemp("faults_pg") / "fault-server.log"
    server = FaultServer(db, log, cluster=cluster)
    try:
        cluster.init()
        cluster.restore(up.db, db)
        shutil.rmtree(filestore(db), ignore_errors=True)
        if filestore(up.db).is_dir():
            shutil.copytree(filestore(up.db), filestore(db))
        fault = Fault(up.template, server, up.client_classes)
        fault.start()
        yield cluster, fault
    finally:
        server.stop()
        cluster.destroy()
        shutil.rmtree(filestore(db), ignore_errors=True)


class _Unanswered(Exception):
    """A call the server never answered before the test's deadline."""


def _resend_until_answered(call, stats, deadline, *args):
    """``call(*args)`` sent again and again (the same order, the same data)
    until the server answers, as the POS does."""
    while time.monotonic() < deadline:
        try:
            return call(*args)
        except Exception:  # noqa: BLE001 (a failed send is resent)
            stats["retries"] += 1
            time.sleep(0.3)
    raise _Unanswered(args[:2])


def _member_till(client, orders, member, stats, deadline):
    """A till selling ``orders`` to ``member`` as payment_screen.js does:
    sync, confirm the points, add the history lines; each call resent until
    answered. Records {uuid: (order id, points)} of what was acknowledged."""
    for order in orders:
        try:
            order_id = _resend_until_answered(
                lambda order: _sync(client, order), stats, deadline, order
            )
        except _Unanswered:
            stats["lost"].append(order["uuid"])
            continue
        points = float(int(order["amount_total"]))
        try:
            for method, args in (
                ("confirm_coupon_programs", [_coupon_data(member, points)]),
                (
                    "add_loyalty_history_lines",
                    [
                        [
                            {
                                "order_id": order_id,
                                "card_id": member["card"],
                                "spent": 0,
                                "won": points,
                            }
                        ],
                        [{"id": member["card"], "old_id": member["card"]}],
                    ],
                ),
            ):
                _resend_until_answered(
                    client.call, stats, deadline, "pos.order", method, [order_id], *args
                )
        except _Unanswered:
            stats["unconfirmed"].append(order["uuid"])
        stats["acked"][order["uuid"]] = (order_id, points)


def test_postgres_restart_under_load_loses_nothing(private_pg):
    """Three tills sell to members while PostgreSQL crashes (``pg_ctl stop
    -m immediate``: every backend dies mid-transaction, WAL recovery at the
    restart) and comes back, twice, in a cluster of the test's own. The
    tills resend each call until answered: every acknowledged order exists
    once with one payment, and each card moved by exactly the points of its
    orders' history lines, one line per order."""
    cluster, fault = private_pg
    till = _till(fault)
    names = till_tools.MEMBERS[:3]
    cards = {
        card["partner_id"][1]: {
            "card": card["id"],
            "partner": card["partner_id"][0],
            "program": card["program_id"][0],
        }
        for card in fault.admin.search_read(
            "loyalty.card",
            [
                ("program_id.name", "=", "Multistore Points"),
                ("partner_id.name", "in", names),
            ],
            ["partner_id", "program_id"],
        )
    }
    assert set(cards) == set(names), cards
    # A product per till: the tills' sales do not queue on one stock row.
    codes = ("TEA-001", "TEA-002", "TEA-003")
    sales = {
        name: _sale(fault, till, code) for name, code in zip(names, codes, strict=True)
    }
    loads = {
        name: [
            dict(_copy_of(sales[name]), partner_id=cards[name]["partner"])
            for _index in range(8)
        ]
        for name in names
    }
    before = dict(
        cluster.query(
            fault.db,
            "SELECT id, points FROM loyalty_card WHERE id = ANY(%s)",
            ([member["card"] for member in cards.values()],),
        )
    )
    stats = {"retries": 0, "lost": [], "unconfirmed": [], "acked": {}}
    deadline = time.monotonic() + 150
    tills = [
        threading.Thread(
            target=_member_till,
            args=(
                fault.new_client("web", CASHIER),
                loads[name],
                cards[name],
                stats,
                deadline,
            ),
        )
        for name in names
    ]
    for thread in tills:
        thread.start()
    postmasters = [cluster.pid()]
    for acked in (3, 12):  # crash once early, once in the thick of it
        while len(stats["acked"]) < acked and any(t.is_alive() for t in tills):
            time.sleep(0.05)
        cluster.crash()
        time.sleep(1.0)  # the tills keep sending to a server without database
        cluster.start()
        postmasters.append(cluster.pid())
    for thread in tills:
        thread.join(timeout=200)
    assert len(set(postmasters)) == 3, postmasters
    assert not stats["lost"], f"orders never acknowledged: {stats['lost']}"
    assert stats["retries"], "no send was cut: the test proved nothing"
    orders = [order for load in loads.values() for order in load]
    assert len(stats["acked"]) == len(orders)
    assert not stats["unconfirmed"], f"points never confirmed: {stats['unconfirmed']}"
    saved = {
        uuid: (count, payments, order_id)
        for uuid, count, payments, order_id in cluster.query(
            fault.db,
            "SELECT o.uuid, count(DISTINCT o.id), count(p.id), min(o.id)"
            "  FROM pos_order o LEFT JOIN pos_payment p ON p.pos_order_id = o.id"
            " WHERE o.uuid = ANY(%s) GROUP BY o.uuid",
            ([order["uuid"] for order in orders],),
        )
    }
    expected = {
        uuid: (1, 1, order_id) for uuid, (order_id, _points) in stats["acked"].items()
    }
    assert saved == expected, "orders lost or doubled by the restarts"
    order_ids = [order_id for order_id, _points in stats["acked"].values()]
    history = cluster.query(
        fault.db,
        "SELECT card_id, order_id, count(*), sum(issued - used)"
        "  FROM loyalty_history WHERE order_model = 'pos.order'"
        "   AND order_id = ANY(%s) GROUP BY card_id, order_id",
        (order_ids,),
    )
    assert len(history) == len(order_ids), "an order without its history line"
    assert all(count == 1 for _card, _order, count, _points in history), history
    after = dict(
        cluster.query(
            fault.db,
            "SELECT id, points FROM loyalty_card WHERE id = ANY(%s)",
            (list(before),),
        )
    )
    for name, member in cards.items():
        card = member["card"]
        moved = sum(float(p) for c, _o, _n, p in history if c == card)
        claimed = sum(stats["acked"][order["uuid"]][1] for order in loads[name])
        delta = float(after[card]) - float(before[card])
        assert delta == pytest.approx(moved), (name, delta, moved)
        assert delta >= claimed - 0.01, (name, delta, claimed)  # tiers add more
    assert fault.server.running
