"""A real Odoo server, driven from outside through its XML-RPC API.

The session fixture ``odoo_server`` installs the addons *with demo data* in a
throwaway database ``ms_e2e_<pid>``, starts ``python3 -m odoo`` on a free
local port, waits for ``/web/login`` and, at the end of the session, stops the
server and drops the database (and its filestore).

Clients: ``rpc(login)`` speaks XML-RPC (``/xmlrpc/2``), ``jsonrpc(login)``
the external JSON-RPC API (``/jsonrpc``) and ``web(login)`` is a browser
session (``/web/session/authenticate`` cookie, ``/web/dataset/call_kw`` and
plain HTTP GETs). ``refused(...)`` checks that an attack is refused with a
clear error and changed nothing (the security suite, ``test_security_*.py``).

Environment:

- ``MULTISTORE_E2E_ADDONS``: comma-separated addons to install (default
  ``multistore_base``; ``bin/test`` passes every addon of the repository).
- ``MULTISTORE_KEEP_DB=1``: keep the database for inspection.
- ``MULTISTORE_E2E_REUSE_DB=<db>``: for development, do not install: serve a
  fresh copy (``createdb --template``, filestore included) of ``<db>``, a
  database installed with demo data before (e.g. one kept by
  ``MULTISTORE_KEEP_DB=1``). The copy is dropped at the end, ``<db>`` is left
  as it was, so every run starts from the same demo data.
  ``MULTISTORE_E2E_UPDATE=1`` updates the addons (``-u``) in the copy first,
  for a database installed from older code.
- ``MULTISTORE_E2E_SHOW_REFUSALS=1``: print each refusal a probe received
  (run pytest with ``-s``), to see why the server said no.
- PostgreSQL is reached as configured in ``odoo.conf`` and the PG* variables.

Over 400 lines on purpose: the one server fixture and the clients every
end-to-end suite shares (XML-RPC, JSON-RPC, the web client's session), kept
together so that each suite reads one place.
"""

import http.cookiejar
import itertools
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e_tools import filestore as _filestore
from e2e_tools import free_port as _free_port
from e2e_tools import tail as _tail

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "bin"))
import _demo_chain

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


def _dropdb(db):
    # --force (PostgreSQL 13+) ends sessions a stopped server may have left.
    subprocess.run(
        ["dropdb", "--if-exists", "--force", db],
        check=False,
        capture_output=True,
    )


def _copy_db(source, db, log):
    """``db`` as a fresh copy of ``source``, filestore included."""
    copy = subprocess.run(
        ["createdb", "--template", source, db],
        capture_output=True,
        text=True,
        check=False,
    )
    if copy.returncode:
        pytest.fail(
            f"cannot copy {source} into {db} (MULTISTORE_E2E_REUSE_DB): "
            f"{copy.stderr.strip()}",
            pytrace=False,
        )
    source_store, store = _filestore(source), _filestore(db)
    if source_store.is_dir():
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(source_store, store)
    log.write_text(f"{db}: copy of {source}, not installed\n")


def _create_demo_chain(db, log):
    """``db`` with base only, its company the demo chain in China (CNY,
    Asia/Shanghai, zh_CN loaded): see bin/_demo_chain.py."""
    base = _demo_chain.odoo_base(sys.executable, ODOO_CONF, ADDONS_DIR)
    with open(log, "a") as out:
        try:
            _demo_chain.create(base, db, out=out, timeout=INSTALL_TIMEOUT)
        except subprocess.SubprocessError as exc:
            pytest.fail(
                f"creating the demo chain database {db} failed ({exc}); "
                f"log {log}:\n{_tail(log)}",
                pytrace=False,
            )


def _install(db, addons, log, update=False):
    """Install (or update) ``addons`` with demo data in ``db``; fail with the
    log's errors unless it went through cleanly."""
    with open(log, "a") as out:
        install = subprocess.run(
            [
                *_odoo_cmd(db, _free_port()),
                "-u" if update else "-i",
                ",".join(addons),
                "--stop-after-init",
            ],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
    install_text = log.read_text(errors="replace")
    if install.returncode or LOG_ERROR_RE.search(install_text):
        errors = "\n".join(
            line[:500] for line in install_text.splitlines() if LOG_ERROR_RE.match(line)
        )
        pytest.fail(
            f"installing {addons} in {db} failed (exit {install.returncode}); "
            f"log {log}:\n{errors}\n...\n{_tail(log)}",
            pytrace=False,
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
    reuse_db = os.environ.get("MULTISTORE_E2E_REUSE_DB", "").strip()

    _dropdb(db)
    proc = None
    try:
        install_log.write_text("")
        if reuse_db:
            _copy_db(reuse_db, db, install_log)
            if os.environ.get("MULTISTORE_E2E_UPDATE"):
                _install(db, addons, install_log, update=True)
        else:
            _create_demo_chain(db, install_log)
            _install(db, addons, install_log)

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
            shutil.rmtree(_filestore(db), ignore_errors=True)


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


def _logged_in_clients(server, client_class):
    """``connect(login, password=login)``: one logged-in ``client_class`` per
    user for the whole session."""
    clients = {}

    def connect(login, password=None):
        key = (login, password or login)
        if key not in clients:
            client = client_class(server, login, password or login)
            assert client.uid, f"{login} cannot log in to {server.db}"
            clients[key] = client
        return clients[key]

    return connect


@pytest.fixture(scope="session")
def rpc(odoo_server):
    """``rpc(login, password=login)``: an authenticated client of that user."""
    return _logged_in_clients(odoo_server, OdooClient)


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


# --- JSON-RPC and browser sessions ---------------------------------------------


class JsonRpcError(Exception):
    """An error answer of a JSON-RPC call (``/jsonrpc`` or ``/web/...``)."""

    def __init__(self, error):
        self.error = error
        data = error.get("data") or {}
        # e.g. "odoo.exceptions.AccessError"
        self.name = data.get("name") or ""
        self.message = data.get("message") or error.get("message") or ""
        super().__init__(f"{self.name}: {self.message}")


def _post_json(opener, url, params):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": params,
        "id": next(_JSON_IDS),
    }
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=RPC_TIMEOUT) as resp:
        answer = json.loads(resp.read())
    if "error" in answer:
        raise JsonRpcError(answer["error"])
    return answer.get("result")


_JSON_IDS = itertools.count(1)


class OdooJsonClient:
    """An outside client over the external JSON-RPC API (``/jsonrpc``)."""

    def __init__(self, server, login, password):
        self.server = server
        self.login = login
        self.password = password
        self._opener = urllib.request.build_opener()
        self.uid = self._rpc("common", "login", server.db, login, password)

    def _rpc(self, service, method, *args):
        return _post_json(
            self._opener,
            f"{self.server.url}/jsonrpc",
            {"service": service, "method": method, "args": list(args)},
        )

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            "object",
            "execute_kw",
            self.server.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )


class OdooWebClient:
    """A browser session: what the web client and the POS send.

    Logs in through ``/web/session/authenticate`` and keeps the session
    cookie; ``call`` goes through ``/web/dataset/call_kw`` and ``get``
    fetches a page or a download and returns ``(status, headers, body)``
    whatever the status.
    """

    def __init__(self, server, login, password):
        self.server = server
        self.login = login
        jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar)
        )
        result = _post_json(
            self._opener,
            f"{server.url}/web/session/authenticate",
            {"db": server.db, "login": login, "password": password},
        )
        self.uid = (result or {}).get("uid")

    def call(self, model, method, *args, **kwargs):
        return _post_json(
            self._opener,
            f"{self.server.url}/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        try:
            with self._opener.open(f"{self.server.url}{path}", timeout=300) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="session")
def jsonrpc(odoo_server):
    """``jsonrpc(login, password=login)``: a client of ``/jsonrpc``."""
    return _logged_in_clients(odoo_server, OdooJsonClient)


@pytest.fixture(scope="session")
def web(odoo_server):
    """``web(login, password=login)``: a logged-in browser session."""
    return _logged_in_clients(odoo_server, OdooWebClient)


TRANSPORTS = ("xmlrpc", "jsonrpc", "call_kw")


@pytest.fixture(scope="session")
def connect(rpc, jsonrpc, web):
    """``connect(login, transport)``: a client of that user over ``transport``
    (one of ``TRANSPORTS``); each has ``call(model, method, *args, **kw)``."""
    factories = {"xmlrpc": rpc, "jsonrpc": jsonrpc, "call_kw": web}

    def client(login, transport="xmlrpc", password=None):
        return factories[transport](login, password)

    return client


# --- refusals --------------------------------------------------------------------

# Fault codes of /xmlrpc/2/object (odoo/addons/base/controllers/rpc.py).
_FAULT_KINDS = {2: "UserError", 3: "AccessDenied", 4: "AccessError"}
# What a refusal a user can understand is made of.
REFUSALS = ("AccessError", "UserError", "ValidationError")
# A refusal message that is a raw Python or PostgreSQL error in disguise.
RAW_ERROR_RE = re.compile(
    r"Traceback \(most recent call last\)|psycopg2|invalid input syntax|"
    r"could not convert|out of range|is not JSON serializable|"
    r"\b(ValueError|TypeError|KeyError|AttributeError|IndexError)\b|"
    r"Object \S+ doesn't exist"
)


def refusal_kind(exc):
    """``(kind, message)`` of an RPC error: the Odoo exception class name
    (``AccessError``...), or ``server error`` for a raw traceback."""
    if isinstance(exc, xmlrpc.client.Fault):
        kind = _FAULT_KINDS.get(exc.faultCode, "server error")
        return kind, exc.faultString
    if isinstance(exc, JsonRpcError):
        return exc.name.rsplit(".", 1)[-1] or "server error", exc.message
    raise exc


def _write_values(record, fields):
    """Values to write back what ``read`` returned."""
    vals = {}
    for name in fields:
        value = record[name]
        if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str):
            value = value[0]  # many2one as (id, name)
        elif isinstance(value, list):
            value = [(6, 0, value)]
        vals[name] = value
    return vals


def _same(before, after):
    if isinstance(before, float) and isinstance(after, float):
        return before == after or (math.isnan(before) and math.isnan(after))
    return before == after


class Refusal:
    """Context manager: the block must be refused, and change nothing.

    ``watch``: ``(model, ids, fields)`` triples read as admin before and
    after; what changed is written back (so that one accepted attack does
    not spoil the next probes) and reported. ``new``: ``(model, domain)``
    pairs; records matching the domain that appeared meanwhile were created
    by the attack: they are deleted (when Odoo lets admin) and reported.
    The block's error must be one of ``allow`` (``REFUSALS``) with a
    message that is not a raw Python/PostgreSQL error.
    """

    def __init__(self, admin, watch=(), new=(), allow=REFUSALS):
        self.admin = admin
        self.watch = [(model, list(ids), list(fields)) for model, ids, fields in watch]
        self.new = list(new)
        self.allow = allow
        self.kind = self.message = None

    def _read(self, model, ids, fields):
        return {
            r["id"]: r
            for r in self.admin.call(
                model, "read", ids, fields, context={"active_test": False}
            )
        }

    def _ids(self, model, domain):
        return set(
            self.admin.call(model, "search", domain, context={"active_test": False})
        )

    def __enter__(self):
        assert all(ids for _model, ids, _fields in self.watch), (
            "nothing to watch: the demo data this probe attacks is missing",
            self.watch,
        )
        self.before = [self._read(*watched) for watched in self.watch]
        self.existing = [self._ids(*new) for new in self.new]
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and not issubclass(
            exc_type, (xmlrpc.client.Fault, JsonRpcError)
        ):
            return False  # a bug of the probe itself: let it through
        problems = []
        if exc is None:
            problems.append("the server ACCEPTED it")
        else:
            self.kind, self.message = refusal_kind(exc)
            if self.kind not in self.allow:
                problems.append(
                    f"refused with {self.kind}, not one of {self.allow}: "
                    f"{self.message[-1500:]}"
                )
            elif RAW_ERROR_RE.search(self.message):
                problems.append(
                    f"refused with a raw error, not a message that says what "
                    f"to do: {self.message[-1500:]}"
                )
        problems += self._changes()
        if os.environ.get("MULTISTORE_E2E_SHOW_REFUSALS") and self.kind:
            print(f"\n[refusal] {self.kind}: {self.message[-300:]!r}")
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)
        return True

    def _changes(self):
        problems = []
        for (model, ids, fields), before in zip(self.watch, self.before, strict=True):
            after = self._read(model, ids, fields)
            for rid, old in before.items():
                new = after.get(rid)
                if new is None:
                    problems.append(f"{model} {rid} was DELETED")
                    continue
                changed = [f for f in fields if not _same(old[f], new[f])]
                if not changed:
                    continue
                problems.append(
                    f"{model} {rid} CHANGED: "
                    + ", ".join(f"{f} {old[f]!r} -> {new[f]!r}" for f in changed)
                )
                try:
                    self.admin.call(model, "write", [rid], _write_values(old, changed))
                except (xmlrpc.client.Fault, JsonRpcError) as error:
                    problems.append(f"  (could not restore it: {error})")
        for (model, domain), existing in zip(self.new, self.existing, strict=True):
            created = sorted(self._ids(model, domain) - existing)
            if created:
                problems.append(f"{model} {created} were CREATED")
                try:
                    self.admin.call(model, "unlink", created)
                except (xmlrpc.client.Fault, JsonRpcError):
                    pass  # e.g. a paid order: it stays, reported above
        return problems


@pytest.fixture(scope="session")
def refused(admin):
    """``with refused(watch=[(model, ids, fields)], new=[(model, domain)]):``
    the attack in the block must be refused with a clear error and must
    change nothing (see ``Refusal``)."""

    def factory(watch=(), new=(), allow=REFUSALS):
        return Refusal(admin, watch=watch, new=new, allow=allow)

    return factory


@pytest.fixture(scope="session")
def users_with_email(admin):
    """Every internal demo user gets an email address, as in a real chain.

    Odoo posts chatter messages as the user (e.g. when a done quantity
    changes) and refuses without a sender address: a probe must be refused
    for its attack, not for that.
    """
    users = admin.search_read(
        "res.users", [("share", "=", False), ("email", "=", False)], ["login"]
    )
    for user in users:
        admin.write("res.users", [user["id"]], {"email": f"{user['login']}@e2e.test"})


@dataclass
class Attempt:
    """What a call gave: its result, or the kind and message of its error."""

    result: object = None
    kind: str = ""
    message: str = ""

    @property
    def refused_clearly(self):
        """Refused with an error a user understands (see ``Refusal``)."""
        return self.kind in REFUSALS and not RAW_ERROR_RE.search(self.message)


@pytest.fixture(scope="session")
def attempt():
    """``attempt(call, *args, **kwargs)``: run an RPC call, return an
    ``Attempt`` instead of raising (for answers that may be a refusal or an
    empty result, both acceptable)."""

    def run(call, *args, **kwargs):
        try:
            return Attempt(result=call(*args, **kwargs))
        except (xmlrpc.client.Fault, JsonRpcError) as exc:
            kind, message = refusal_kind(exc)
            return Attempt(kind=kind, message=message)

    return run
