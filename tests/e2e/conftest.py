"""A real Odoo server, driven from outside through its XML-RPC API.

The session fixture ``odoo_server`` installs the addons *with demo data* in a
throwaway database ``ms_e2e_<pid>``, starts ``python3 -m odoo`` on a free
local port, waits for ``/web/login`` and, at the end of the session, stops the
server and drops the database.

Environment:

- ``MULTISTORE_E2E_ADDONS``: comma-separated addons to install (default
  ``multistore_base``; ``bin/test`` passes every addon of the repository).
- ``MULTISTORE_KEEP_DB=1``: keep the database for inspection.
- PostgreSQL is reached as configured in ``odoo.conf`` and the PG* variables.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
ODOO_CONF = REPO / "odoo.conf"
ADDONS_DIR = REPO / "addons"

INSTALL_TIMEOUT = 1800  # seconds; every addon with demo data
STARTUP_TIMEOUT = 120  # seconds until /web/login answers
RPC_TIMEOUT = 300  # seconds per XML-RPC call
STOP_TIMEOUT = 30  # seconds to stop gracefully before SIGKILL
LOG_ERROR_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)


def _addons_to_install():
    raw = os.environ.get("MULTISTORE_E2E_ADDONS", "").strip()
    addons = [name.strip() for name in raw.split(",") if name.strip()]
    return addons or ["multistore_base"]


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path, lines=80):
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _dropdb(db):
    # --force (PostgreSQL 13+) ends sessions a stopped server may have left.
    subprocess.run(
        ["dropdb", "--if-exists", "--force", db],
        check=False,
        capture_output=True,
    )


def _odoo_cmd(db, port):
    return [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(ODOO_CONF),
        f"--addons-path={ADDONS_DIR}",
        "-d",
        db,
        f"--http-port={port}",
        "--http-interface=127.0.0.1",
        "--max-cron-threads=0",
    ]


def _wait_for_login_page(proc, url, log):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"Odoo server exited with code {proc.returncode} before answering; "
                f"log {log}:\n{_tail(log)}",
                pytrace=False,
            )
        try:
            with urllib.request.urlopen(f"{url}/web/login", timeout=10) as resp:
                if resp.status == 200:
                    return
                last_error = f"HTTP {resp.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = exc
        time.sleep(1)
    pytest.fail(
        f"Odoo server did not answer {url}/web/login within {STARTUP_TIMEOUT}s "
        f"(last error: {last_error}); log {log}:\n{_tail(log)}",
        pytrace=False,
    )


def _stop(proc):
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT)


def _check_installed_with_demo(server, install_log):
    """Fail early, with the install log, unless every addon is there with demo."""
    try:
        admin = OdooClient(server, "admin", "admin")
        modules = admin.search_read(
            "ir.module.module",
            [("name", "in", server.addons)],
            ["name", "state", "demo"],
        )
    except (xmlrpc.client.Error, OSError) as exc:
        modules, admin = [], None
        problem = f"cannot query the modules as admin/admin: {exc}"
    else:
        problem = "" if admin.uid else "admin/admin cannot log in"
    ready = {m["name"] for m in modules if m["state"] == "installed" and m["demo"]}
    missing = sorted(set(server.addons) - ready)
    if problem or missing:
        pytest.fail(
            f"{server.db}: {problem or f'not installed with demo data: {missing}'}; "
            f"install log {install_log}:\n{_tail(install_log)}",
            pytrace=False,
        )


@dataclass
class OdooServer:
    url: str
    db: str
    log: Path
    addons: list = field(default_factory=list)


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    """Install the addons with demo data, serve them, yield url and database."""
    db = f"ms_e2e_{os.getpid()}"
    addons = _addons_to_install()
    logdir = tmp_path_factory.mktemp("odoo")
    install_log = logdir / "install.log"
    server_log = logdir / "server.log"
    keep_db = bool(os.environ.get("MULTISTORE_KEEP_DB"))

    _dropdb(db)
    proc = None
    try:
        with open(install_log, "w") as out:
            install = subprocess.run(
                [
                    *_odoo_cmd(db, _free_port()),
                    "-i",
                    ",".join(addons),
                    "--stop-after-init",
                ],
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=INSTALL_TIMEOUT,
                check=False,
            )
        install_text = install_log.read_text(errors="replace")
        if install.returncode or LOG_ERROR_RE.search(install_text):
            errors = "\n".join(
                line[:500]
                for line in install_text.splitlines()
                if LOG_ERROR_RE.match(line)
            )
            pytest.fail(
                f"installing {addons} in {db} failed (exit {install.returncode}); "
                f"log {install_log}:\n{errors}\n...\n{_tail(install_log)}",
                pytrace=False,
            )

        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with open(server_log, "w") as out:
            proc = subprocess.Popen(
                [*_odoo_cmd(db, port), f"--db-filter=^{db}$"],
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_for_login_page(proc, url, server_log)
        server = OdooServer(url=url, db=db, log=server_log, addons=addons)
        _check_installed_with_demo(server, install_log)
        yield server
    finally:
        if proc is not None:
            _stop(proc)
        if not keep_db:
            _dropdb(db)


class _TimeoutTransport(xmlrpc.client.Transport):
    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = RPC_TIMEOUT
        return conn


class OdooClient:
    """An outside client of the server: one logged-in user over XML-RPC."""

    def __init__(self, server, login, password):
        self.server = server
        self.login = login
        self.password = password
        common = xmlrpc.client.ServerProxy(
            f"{server.url}/xmlrpc/2/common",
            allow_none=True,
            transport=_TimeoutTransport(),
        )
        self.uid = common.authenticate(server.db, login, password, {})
        self._object = xmlrpc.client.ServerProxy(
            f"{server.url}/xmlrpc/2/object",
            allow_none=True,
            transport=_TimeoutTransport(),
        )

    def call(self, model, method, *args, **kwargs):
        return self._object.execute_kw(
            self.server.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )

    def search_read(self, model, domain=None, fields=None, **kwargs):
        return self.call(
            model, "search_read", domain or [], fields=fields or ["id"], **kwargs
        )

    def search(self, model, domain=None, **kwargs):
        return self.call(model, "search", domain or [], **kwargs)

    def read(self, model, ids, fields):
        return self.call(model, "read", ids, fields)

    def write(self, model, ids, vals):
        return self.call(model, "write", ids, vals)

    def create(self, model, vals):
        return self.call(model, "create", vals)


@pytest.fixture(scope="session")
def rpc(odoo_server):
    """``rpc(login, password=login)``: an authenticated client of that user."""
    clients = {}

    def connect(login, password=None):
        key = (login, password or login)
        if key not in clients:
            client = OdooClient(odoo_server, login, password or login)
            assert client.uid, f"{login} cannot log in to {odoo_server.db}"
            clients[key] = client
        return clients[key]

    return connect


@pytest.fixture(scope="session")
def admin(rpc):
    return rpc("admin", "admin")


@pytest.fixture(scope="session")
def store_ids(admin):
    """{store code: id} of every store, archived ones included."""
    stores = admin.search_read(
        "multistore.store",
        [],
        ["code"],
        context={"active_test": False},
    )
    return {store["code"]: store["id"] for store in stores}


@pytest.fixture(scope="session")
def user_ids(admin):
    """{login: id} of every user."""
    users = admin.search_read(
        "res.users", [], ["login"], context={"active_test": False}
    )
    return {user["login"]: user["id"] for user in users}
