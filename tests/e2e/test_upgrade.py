"""Upgrade from the previous release to the working tree, on a real database.

The previous release is the commit in ``upgrade_from.txt`` (beside this
file; after a release, put the new release's commit there). The test:

1. exports that commit's ``addons/`` (``git archive``) and installs every
   addon of it *with demo data* in a throwaway database ``ms_upgrade_<pid>``
   (one install);
2. records the database's figures (``bin/_backupkit.py``: counts and sums of
   stores, POS orders and takings, stock quants, points, transfers, price
   changes, fact tables...);
3. updates every addon of that release with the working tree's ``addons/``
   (``-u``, one update: Odoo runs the ``migrations/<version>/`` scripts);
4. checks the update log has no ERROR or CRITICAL line, every addon is
   installed at the working tree's version, the figures are unchanged
   (except those a migration changes on purpose: ``INTENDED_CHANGES``),
   and, on a server started on the upgraded database, store users work with
   the new code: one action per addon over XML-RPC.

``MULTISTORE_UPGRADE_REUSE_DB=<db>`` (development): instead of installing
the previous release, start from a copy of ``<db>``, a database where it
was installed with demo data before. ``MULTISTORE_KEEP_DB=1`` keeps the
upgraded database.
"""

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from datetime import date, timedelta
from pathlib import Path

import pytest
from e2e_tools import filestore as _filestore
from e2e_tools import free_port as _free_port

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent.parent
ADDONS_DIR = REPO / "addons"
ODOO_CONF = REPO / "odoo.conf"
LOG_ERROR_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)
INSTALL_TIMEOUT = 1800
STARTUP_TIMEOUT = 120

sys.path[:0] = [str(REPO / "bin"), str(Path(__file__).parent)]
import _backupkit
import previous_release

# Figures a migration of this release changes on purpose, with the reason
# (figure name of _backupkit.collect -> why). Empty: no migration of
# 18.0.1.1.0 changes business figures.
INTENDED_CHANGES = {}


def _odoo(db, addons_path, *args, port=None):
    return [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(ODOO_CONF),
        f"--addons-path={addons_path}",
        "-d",
        db,
        f"--http-port={port or _free_port()}",
        "--http-interface=127.0.0.1",
        "--max-cron-threads=0",
        *args,
    ]


def _run_odoo(cmd, log):
    with open(log, "w") as out:
        proc = subprocess.run(
            cmd,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    text = log.read_text(errors="replace")
    errors = [line[:500] for line in text.splitlines() if LOG_ERROR_RE.match(line)]
    return proc.returncode, errors


def _copy_db(source, db):
    copy = subprocess.run(
        ["createdb", "--template", source, db],
        capture_output=True,
        text=True,
        check=False,
    )
    if copy.returncode:
        return copy.returncode, [copy.stderr.strip()]
    if _filestore(source).is_dir():
        shutil.copytree(_filestore(source), _filestore(db))
    return 0, []


def _connect(db):
    import psycopg2

    return psycopg2.connect(dbname=db)


def _figures_and_versions(db):
    conn = _connect(db)
    try:
        with conn.cursor() as cr:
            figures = _backupkit.collect(cr)
            cr.execute("SELECT name, state, latest_version FROM ir_module_module")
            modules = {name: (state, version) for name, state, version in cr.fetchall()}
        conn.rollback()
    finally:
        conn.close()
    return figures, modules


class Upgrade:
    """What the upgrade did: logs, figures and versions before and after."""


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory):
    work = tmp_path_factory.mktemp("upgrade")
    old_addons = previous_release.export_addons(work)
    addons = sorted(
        p.name for p in old_addons.iterdir() if (p / "__manifest__.py").is_file()
    )
    result = Upgrade()
    result.db = db = f"ms_upgrade_{os.getpid()}"
    result.addons = addons
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
    server = None
    try:
        start = time.monotonic()
        log = work / "install.log"
        reuse = os.environ.get("MULTISTORE_UPGRADE_REUSE_DB", "").strip()
        if reuse:
            rc, errors = _copy_db(reuse, db)
        else:
            rc, errors = _run_odoo(
                _odoo(db, old_addons, "-i", ",".join(addons), "--stop-after-init"),
                log,
            )
        result.install_seconds = time.monotonic() - start
        if rc or errors:
            pytest.fail(
                f"installing the previous release {previous_release.commit()} failed "
                f"(exit {rc}); log {log}:\n" + "\n".join(errors[:20]),
                pytrace=False,
            )
        result.before, result.modules_before = _figures_and_versions(db)

        start = time.monotonic()
        result.update_log = work / "update.log"
        rc, result.update_errors = _run_odoo(
            _odoo(db, ADDONS_DIR, "-u", ",".join(addons), "--stop-after-init"),
            result.update_log,
        )
        result.update_seconds = time.monotonic() - start
        if rc:
            pytest.fail(
                f"updating to the working tree failed (exit {rc}); log "
                f"{result.update_log}:\n" + "\n".join(result.update_errors[:20]),
                pytrace=False,
            )
        result.after, result.modules_after = _figures_and_versions(db)
        print(
            f"\nupgrade {previous_release.commit()} -> working tree: install with demo "
            f"{result.install_seconds:.0f}s, update {result.update_seconds:.0f}s"
        )

        port = _free_port()
        result.url = f"http://127.0.0.1:{port}"
        server_log = work / "server.log"
        with open(server_log, "w") as out:
            server = subprocess.Popen(
                _odoo(db, ADDONS_DIR, f"--db-filter=^{db}$", port=port),
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_for_server(server, result.url, server_log)
        yield result
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=30)
        if not os.environ.get("MULTISTORE_KEEP_DB"):
            subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
            shutil.rmtree(_filestore(db), ignore_errors=True)


def _wait_for_server(proc, url, log):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server on the upgraded database exited; log {log}")
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=10) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"the server on the upgraded database did not answer; log {log}")


class Client:
    """One user of the upgraded database over XML-RPC."""

    def __init__(self, upgrade, login):
        self.db, self.password = upgrade.db, login
        common = xmlrpc.client.ServerProxy(f"{upgrade.url}/xmlrpc/2/common")
        self.uid = common.authenticate(upgrade.db, login, login, {})
        assert self.uid, f"{login} cannot log in to the upgraded database"
        self.proxy = xmlrpc.client.ServerProxy(
            f"{upgrade.url}/xmlrpc/2/object", allow_none=True
        )

    def __call__(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )


# --- the upgrade itself ---------------------------------------------------------


def test_update_log_is_clean(upgrade):
    assert not upgrade.update_errors, (
        f"the update logged errors ({upgrade.update_log}):\n"
        + "\n".join(upgrade.update_errors[:20])
    )


def test_every_addon_at_the_new_version(upgrade):
    expected = {
        addon: ("installed", previous_release.manifest_version(ADDONS_DIR / addon))
        for addon in upgrade.addons
    }
    actual = {addon: upgrade.modules_after.get(addon) for addon in upgrade.addons}
    assert actual == expected


def test_previous_release_had_figures(upgrade):
    """The install gave the figures something to compare (demo data)."""
    figures = upgrade.before
    for name in ("stores", "pos_orders", "stock_quants", "loyalty_cards", "transfers"):
        assert figures[name]["count"] not in (0, _backupkit.MISSING), name
    assert any(name.startswith("fact:") for name in figures)


def test_figures_unchanged(upgrade):
    problems = _backupkit.compare(
        upgrade.before, upgrade.after, allowed=INTENDED_CHANGES
    )
    assert not problems, "the upgrade changed figures:\n" + "\n".join(problems)


# --- the new code on the upgraded data ----------------------------------------------


@pytest.fixture(scope="module")
def stores(upgrade):
    admin = Client(upgrade, "admin")
    found = admin("multistore.store", "search_read", [], fields=["code"])
    return {store["code"]: store["id"] for store in found}


def _product(client, code):
    [product] = client("product.product", "search", [("default_code", "=", code)])
    return product


def test_base_store_staff_sees_own_store(upgrade, stores):
    staff = Client(upgrade, "sh01.staff")
    orders = staff("pos.order", "search_read", [], fields=["store_id"])
    assert orders
    assert {order["store_id"][0] for order in orders} == {stores["SH01"]}


def test_pricing_store_manager_submits_price_change(upgrade, stores):
    manager = Client(upgrade, "sh01.manager")
    start = date.today() + timedelta(days=30)
    change = manager(
        "multistore.price.change",
        "create",
        {
            "target": "product",
            "product_id": _product(manager, "TEA-003"),
            "scope": "stores",
            "store_ids": [(6, 0, [stores["SH01"]])],
            "price_mode": "fixed",
            "new_price": 95.0,
            "reason": "competitor",
            "date_start": f"{start} 00:00:00",
            "date_end": f"{start + timedelta(days=1)} 00:00:00",
        },
    )
    manager("multistore.price.change", "action_submit", [change])
    [read] = manager("multistore.price.change", "read", [change], ["state"])
    assert read["state"] != "draft"


def test_inventory_store_manager_requests_transfer(upgrade, stores):
    manager = Client(upgrade, "sh01.manager")
    transfer = manager(
        "multistore.transfer",
        "create",
        {
            "source_store_id": stores["CWH"],
            "dest_store_id": stores["SH01"],
            "line_ids": [
                (0, 0, {"product_id": _product(manager, "TEA-003"), "qty_requested": 5})
            ],
        },
    )
    manager("multistore.transfer", "action_request", [transfer])
    [read] = manager("multistore.transfer", "read", [transfer], ["state"])
    assert read["state"] == "requested"


def test_loyalty_points_adjustment(upgrade):
    staff = Client(upgrade, "sh01.staff")
    manager = Client(upgrade, "sh01.manager")
    [card] = staff(
        "loyalty.card",
        "search_read",
        [("program_id.program_type", "=", "loyalty"), ("partner_id", "!=", False)],
        fields=["points"],
        limit=1,
        order="id",
    )
    adjustment = staff(
        "multistore.loyalty.adjustment",
        "create",
        {"card_id": card["id"], "points": 10, "reason": "upgrade test"},
    )
    manager("multistore.loyalty.adjustment", "action_approve", [adjustment])
    [after] = staff("loyalty.card", "read", [card["id"]], ["points"])
    assert after["points"] == pytest.approx(card["points"] + 10)


def test_reports_store_manager_refreshes_facts(upgrade, stores):
    manager = Client(upgrade, "sh01.manager")
    manager("multistore.sales.fact", "action_refresh_facts")
    facts = manager(
        "multistore.sales.fact", "search_read", [], fields=["store_id"], limit=500
    )
    assert facts
    assert {fact["store_id"][0] for fact in facts} == {stores["SH01"]}


def test_forecast_store_manager_reads_own_forecasts(upgrade, stores):
    manager = Client(upgrade, "sh01.manager")
    forecasts = manager(
        "multistore.forecast", "search_read", [], fields=["store_id"], limit=500
    )
    assert forecasts
    assert {forecast["store_id"][0] for forecast in forecasts} == {stores["SH01"]}
