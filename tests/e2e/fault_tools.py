"""An Odoo server the fault tests own, and the means to stop it mid-write.

``FaultServer`` serves a copy of the end-to-end database in its own process
group, so that ``kill()`` (SIGKILL, no clean-up of any kind) hits it and
nothing else; ``start()`` brings it back on the same database.

``held(db, sql)`` takes a PostgreSQL lock from outside Odoo (e.g. ``LOCK
TABLE pos_payment IN SHARE MODE`` or ``SELECT ... FOR NO KEY UPDATE``) and
keeps it while the block runs. ``interrupt(...)`` starts a call in a
thread, waits until the server's transaction has written something and is
waiting on that lock (so it is half-way through its work), then kills the
server -- or, with ``kill=False``, only its connections, as when
PostgreSQL restarts under load -- ends the orphan backends so that the half
transaction is rolled back, releases the lock and returns what the caller
saw.

``PrivateCluster`` is a throwaway PostgreSQL cluster of a test's own
(``initdb`` into a temporary folder, its own port and socket folder), for the
one fault that needs PostgreSQL itself to go down: a restart under load. The
machine's cluster serves other databases and is never restarted.
"""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from e2e_tools import free_port, tail

REPO = Path(__file__).resolve().parent.parent.parent
ODOO_CONF = REPO / "odoo.conf"
ADDONS_DIR = REPO / "addons"
STARTUP_TIMEOUT = 120  # seconds until /web/login answers
BLOCK_TIMEOUT = 60  # seconds for a call to reach the lock


class FaultError(AssertionError):
    """The fault could not be staged (server down, call never blocked...)."""


def query(db, sql, params=(), **dsn):
    """Rows of ``sql`` on a connection of its own (autocommit); ``dsn``:
    host and port of another cluster than the machine's."""
    conn = psycopg2.connect(dbname=db, **dsn)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else []
    finally:
        conn.close()


def copy_database(source, target, template=False):
    """``target`` as a copy of ``source``'s tables (not its filestore).

    ``template``: ``createdb --template`` (fast, but only when nobody is
    connected to ``source``); else pg_dump/pg_restore, which reads a
    database its server keeps using.
    """
    subprocess.run(["dropdb", "--if-exists", "--force", target], check=False)
    if template:
        subprocess.run(
            ["createdb", "--template", source, target],
            check=True,
            capture_output=True,
        )
        return
    dump = Path(f"/tmp/{target}.dump")
    try:
        subprocess.run(
            ["pg_dump", "-Fc", "-Z0", "-f", str(dump), source],
            check=True,
            capture_output=True,
        )
        subprocess.run(["createdb", target], check=True, capture_output=True)
        subprocess.run(
            ["pg_restore", "-j", "2", "--no-owner", "-d", target, str(dump)],
            check=True,
            capture_output=True,
        )
    finally:
        dump.unlink(missing_ok=True)


class FaultServer:
    """``python3 -m odoo`` on ``db``, in a process group of its own."""

    def __init__(self, db, log, cluster=None):
        self.db = db
        self.log = Path(log)
        self.cluster = cluster  # a PrivateCluster, or the machine's
        self.proc = None
        self.url = None
        self.starts = 0

    @property
    def app_name(self):
        """How PostgreSQL names this process's connections (odoo/sql_db.py)."""
        return f"odoo-{self.proc.pid}"

    def start(self):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.starts += 1
        with open(self.log, "a") as out:
            out.write(f"\n===== start {self.starts} on port {port}\n")
            out.flush()
            env = {k: v for k, v in os.environ.items() if k != "ODOO_PGAPPNAME"}
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "odoo",
                    "-c",
                    str(ODOO_CONF),
                    f"--addons-path={ADDONS_DIR}",
                    "-d",
                    self.db,
                    f"--db-filter=^{self.db}$",
                    f"--http-port={port}",
                    "--http-interface=127.0.0.1",
                    "--max-cron-threads=0",
                    *(self.cluster.odoo_args() if self.cluster else ()),
                ],
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # its own process group, for kill()
            )
        self._wait_for_login_page()

    def _wait_for_login_page(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise FaultError(
                    f"the fault server exited ({self.proc.returncode}) before "
                    f"answering; log {self.log}:\n{tail(self.log)}"
                )
            try:
                with urllib.request.urlopen(
                    f"{self.url}/web/login", timeout=10
                ) as resp:
                    if resp.status == 200:
                        return
                    last_error = f"HTTP {resp.status}"
            except (urllib.error.URLError, OSError) as exc:
                last_error = exc
            time.sleep(0.5)
        raise FaultError(
            f"the fault server did not answer within {STARTUP_TIMEOUT}s "
            f"({last_error}); log {self.log}:\n{tail(self.log)}"
        )

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def backends(self):
        """PostgreSQL backends of this server process (any database)."""
        return [
            pid
            for (pid,) in query(
                self.db,
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                (self.app_name,),
                **(self.cluster.dsn if self.cluster else {}),
            )
        ]

    def end_backends(self):
        """``pg_terminate_backend`` every connection the server has now, as
        a PostgreSQL restart would, and wait until those are gone (a live
        server opens new ones for its next requests)."""
        pids = self.backends()
        query(
            self.db,
            "SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid",
            (pids,),
        )
        deadline = time.monotonic() + 30
        while set(self.backends()) & set(pids):
            if time.monotonic() > deadline:
                raise FaultError(f"backends {pids} of {self.app_name} survived")
            time.sleep(0.05)
        return pids

    def kill(self):
        """SIGKILL the server's whole process group: no clean-up at all."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        """The end of the module: a throwaway server, killed (a graceful
        stop waits for the request threads the faults left behind)."""
        if self.running:
            self.kill()


@contextmanager
def held(db, sql, params=()):
    """Hold the lock ``sql`` takes on ``db`` for the block's duration."""
    conn = psycopg2.connect(dbname=db, application_name="fault-lock")
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
        yield conn
    finally:
        conn.rollback()
        conn.close()


class Call(threading.Thread):
    """A client call run in a thread; ``result`` or ``error`` when done."""

    def __init__(self, function, *args, **kwargs):
        super().__init__(daemon=True)
        self._call = (function, args, kwargs)
        self.result = self.error = None

    def run(self):
        function, args, kwargs = self._call
        try:
            self.result = function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 (what the client saw, returned)
            self.error = exc


def blocked_writers(server):
    """Backends of ``server`` that have begun writing in their transaction
    (they have a transaction id) and wait for a lock: {pid: query}."""
    return dict(
        query(
            server.db,
            "SELECT pid, query FROM pg_stat_activity"
            " WHERE application_name = %s AND wait_event_type = 'Lock'"
            " AND backend_xid IS NOT NULL",
            (server.app_name,),
        )
    )


def wait_blocked(server, calls, count=1):
    """Wait until ``count`` transactions of ``server`` are stuck on a lock
    after writing; fail if a call ended first (it did not need the lock)."""
    deadline = time.monotonic() + BLOCK_TIMEOUT
    while time.monotonic() < deadline:
        rows = blocked_writers(server)
        if len(rows) >= count:
            return rows
        done = [call for call in calls if not call.is_alive()]
        if done:
            raise FaultError(
                "the call ended before reaching the lock: "
                f"{done[0].error or done[0].result!r}"
            )
        time.sleep(0.05)
    raise FaultError(
        f"no transaction of the server waited on the lock within {BLOCK_TIMEOUT}s"
    )


class Cut:
    """``function(*args)`` held half-way by the lock ``lock_sql``.

    ``start()`` takes the lock, starts the call in a thread and returns once
    the server's transaction for it has written and waits on the lock
    (``statement``: the SQL it is stuck on). ``crash()`` then ends it.
    """

    def __init__(self, server, lock_sql, function, *args, params=()):
        self.server = server
        self.lock_sql, self.params = lock_sql, params
        self.call = Call(function, *args)
        self.statement = None
        self._lock = None

    def start(self):
        before = set(blocked_writers(self.server))
        self._lock = held(self.server.db, self.lock_sql, self.params)
        self._lock.__enter__()
        self.call.start()
        deadline = time.monotonic() + BLOCK_TIMEOUT
        while time.monotonic() < deadline:
            new = {
                pid: statement
                for pid, statement in blocked_writers(self.server).items()
                if pid not in before
            }
            if new:
                [self.statement] = new.values()
                return self
            if not self.call.is_alive():
                self.release()
                raise FaultError(
                    "the call ended before reaching the lock: "
                    f"{self.call.error or self.call.result!r}"
                )
            time.sleep(0.05)
        self.release()
        raise FaultError(f"the call never waited on {self.lock_sql!r}")

    def release(self):
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    @property
    def error(self):
        return self.call.error


def crash(server, cuts, kill=True):
    """With every cut held half-way: SIGKILL the server (or, ``kill=False``,
    only end its connections, as a PostgreSQL restart would), end its
    orphan backends, release the locks and wait for the clients' answers."""
    try:
        if kill:
            server.kill()
        # The orphan backend of a killed server would go on once the lock is
        # released (PostgreSQL notices the lost client only when it next
        # talks to it): end it first, so its half transaction rolls back.
        server.end_backends()
    finally:
        for cut in cuts:
            cut.release()
    for cut in cuts:
        cut.call.join(timeout=60)
        if cut.call.is_alive():
            raise FaultError("an interrupted call never returned")


def interrupt(server, lock_sql, function, *args, kill=True, params=()):
    """One call cut half-way and crashed (see ``Cut`` and ``crash``)."""
    cut = Cut(server, lock_sql, function, *args, params=params).start()
    crash(server, [cut], kill=kill)
    return cut


# --- a PostgreSQL cluster of the test's own -----------------------------------------


def postgres_bindir():
    """The folder of the machine's PostgreSQL programs (initdb, pg_ctl) of
    the version of its running server, or None."""
    [(version,)] = query("postgres", "SHOW server_version_num")
    folder = Path(f"/usr/lib/postgresql/{int(version) // 10000}/bin")
    if (folder / "initdb").is_file():
        return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivateCluster:
    """``initdb`` into ``root``, served on a port and socket folder of its
    own; ``crash()`` stops it as a power cut would (``-m immediate``: no
    checkpoint, WAL recovery at the next start). The superuser is the
    current user (``root`` here), trusted on the socket, as on the
    machine's cluster. PostgreSQL refuses to run as root: then initdb and
    pg_ctl run as ``postgres``, which owns ``root``."""

    def __init__(self, root, bindir):
        self.root = Path(root)
        self.data = self.root / "data"
        self.bindir = Path(bindir)
        self.port = free_port()
        self.log = self.root / "postgres.log"
        self.user = os.environ.get("USER") or "root"
        if os.geteuid() == 0:
            self.user = "root"

    @property
    def dsn(self):
        return {"host": str(self.root), "port": self.port}

    def odoo_args(self):
        return [f"--db_host={self.root}", f"--db_port={self.port}"]

    def _run(self, *cmd, check=True):
        command = [str(self.bindir / cmd[0]), *cmd[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if check and result.returncode:
            raise FaultError(
                f"{cmd[0]} failed ({result.returncode}): {result.stderr.strip()}\n"
                f"{tail(self.log)}"
            )
        return result

    def init(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.user,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.start()
        return self

    def start(self):
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses='' "
            "-c max_connections=60 -c shared_buffers=32MB",
            "start",
        )

    def crash(self):
        """Stop at once, as a crash: every backend dies mid-transaction."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")

    def pid(self):
        """The postmaster's pid (a new one after each restart)."""
        pidfile = self.data / "postmaster.pid"
        return int(pidfile.read_text().split()[0]) if pidfile.exists() else None

    def query(self, db, sql, params=()):
        return query(db, sql, params, **self.dsn)

    def restore(self, source, target):
        """``target`` in this cluster as a copy of ``source``'s tables, from
        the machine's cluster (pg_dump, then pg_restore here)."""
        dump = self.root / f"{target}.dump"
        try:
            subprocess.run(
                ["pg_dump", "-Fc", "-Z0", "-f", str(dump), source],
                check=True,
                capture_output=True,
            )
            dsn = ["-h", str(self.root), "-p", str(self.port)]
            subprocess.run(["createdb", *dsn, target], check=True, capture_output=True)
            subprocess.run(
                ["pg_restore", *dsn, "-j", "2", "--no-owner", "-d", target, str(dump)],
                check=True,
                capture_output=True,
            )
        finally:
            dump.unlink(missing_ok=True)

    def destroy(self):
        if self.pid():
            self._run(
                "pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False
            )
        shutil.rmtree(self.root, ignore_errors=True)
