"""Backups and the restore drill, on the running e2e server's database.

``bin/backup`` backs up the live database (pg_dump is safe while Odoo
serves it) while a client keeps writing to it; ``bin/restore-drill``
restores the backup into a new database and finds it equal to the figures
recorded at backup time (PASS). Then a changed restored database, a
missing attachment file and a corrupt dump must each FAIL the drill.
"""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import pytest
from e2e_tools import filestore as _filestore

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "bin"))
import _backupkit

OLD = "19990101T000000Z"  # a backup far older than any retention


def _run(script, *args):
    return subprocess.run(
        [sys.executable, str(REPO / "bin" / script), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _drop(db):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)
    shutil.rmtree(_filestore(db), ignore_errors=True)


def _count(db, table):
    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            cr.execute(f'SELECT count(*) FROM "{table}"')  # a fixed name
            return cr.fetchone()[0]
    finally:
        conn.close()


def _fake_old_backup(folder, db):
    """A complete backup set from 1999, and a leftover of an interrupted one."""
    for suffix in (".json", ".dump", ".filestore.tar.gz"):
        (folder / f"{db}_{OLD}{suffix}").write_text("{}")
    part = folder / f"{db}_19990102T000000Z.dump.part"
    part.write_text("")
    return part


@pytest.fixture(scope="module")
def backup(odoo_server, admin, tmp_path_factory):
    """A backup of the live database taken while partners are being created.

    Yields (manifest path, manifest, partners before, partners after).
    """
    folder = tmp_path_factory.mktemp("backups")
    leftover = _fake_old_backup(folder, odoo_server.db)
    os.utime(leftover, (time.time() - 3 * 86400,) * 2)
    before = _count(odoo_server.db, "res_partner")
    stop = threading.Event()
    created = []

    def keep_writing():
        while not stop.is_set():
            created.append(
                admin.create("res.partner", {"name": f"Drill {len(created)}"})
            )

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while not created and writer.is_alive():  # writing before the backup
            time.sleep(0.05)
        done = _run(
            "backup",
            "-d",
            odoo_server.db,
            "--dest",
            str(folder),
            "--keep-days",
            "14",
            "--keep-min",
            "1",
        )
    finally:
        stop.set()
        writer.join(timeout=60)
    after = _count(odoo_server.db, "res_partner")
    # The later suites share this database: leave it as it was.
    admin.call("res.partner", "unlink", created)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BACKUP OK" in done.stdout
    [manifest_path] = _backupkit.backups(folder, odoo_server.db)
    manifest = json.loads(manifest_path.read_text())
    return folder, manifest_path, manifest, before, after, leftover


@pytest.fixture(scope="module")
def drill(odoo_server, backup):
    """The drill of that backup, restored database kept for the checks."""
    folder = backup[0]
    target = f"{odoo_server.db}_drill"
    _drop(target)
    result = _run(
        "restore-drill",
        "-d",
        odoo_server.db,
        "--backup-dir",
        str(folder),
        "--target",
        target,
        "--keep",
    )
    yield target, result
    _drop(target)


def _drills(folder):
    return [
        json.loads(line) for line in (folder / "drills.jsonl").read_text().splitlines()
    ]


def test_backup_is_complete_with_figures(odoo_server, backup):
    folder, _path, manifest, before, after, _leftover = backup
    assert manifest["database"] == odoo_server.db
    for entry in (manifest["dump"], manifest["filestore"]):
        path = folder / entry["name"]
        assert path.stat().st_size == entry["bytes"] > 0
    figures = manifest["figures"]
    assert figures["stores"]["count"] >= 4
    assert figures["pos_orders"]["count"] > 0
    assert float(figures["pos_orders"]["sum(amount_total)"]) > 0
    assert any(name.startswith("fact:") for name in figures)
    # Partners were being created while the backup ran: the manifest holds
    # the count of one moment in between, the one of the dump.
    assert before <= figures["partners"]["count"] <= after
    assert after > before


def test_retention_deletes_old_backups_only(odoo_server, backup):
    folder, manifest_path, _manifest, _before, _after, leftover = backup
    assert not list(folder.glob(f"*{OLD}*")), "the 1999 backup survived retention"
    assert not leftover.exists(), "a 3-day-old interrupted backup was left"
    assert manifest_path.exists()


def test_drill_passes_on_a_consistent_backup(drill, backup):
    target, result = drill
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS" in result.stdout
    entry = _drills(backup[0])[-1]
    assert entry["result"] == "PASS"
    assert entry["target"] == target
    assert entry["backup"] == backup[1].name
    assert entry["seconds"] > 0
    assert {"restore", "check_figures", "open_with_odoo"} <= set(entry["steps"])
    # The copy is neutralized: it sends no mail and runs no scheduled action.
    conn = psycopg2.connect(dbname=target)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT value FROM ir_config_parameter "
                "WHERE key = 'database.is_neutralized'"
            )
            assert cr.fetchone()[0] in ("true", "True")
    finally:
        conn.close()


def _check_only(backup, target):
    return _run(
        "restore-drill",
        "--check-only",
        target,
        "--backup",
        str(backup[1]),
        "--log",
        str(backup[0] / "drills.jsonl"),
    )


def test_drill_fails_when_restored_takings_differ(drill, backup):
    target, first = drill
    assert first.returncode == 0, first.stdout + first.stderr
    conn = psycopg2.connect(dbname=target)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "UPDATE pos_order SET amount_total = amount_total + 1 "
                "WHERE id = (SELECT min(id) FROM pos_order)"
            )
        conn.commit()
        result = _check_only(backup, target)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "FAIL" in result.stdout
        assert "pos_orders sum(amount_total)" in result.stdout
        assert _drills(backup[0])[-1]["result"] == "FAIL"
    finally:
        with conn.cursor() as cr:
            cr.execute(
                "UPDATE pos_order SET amount_total = amount_total - 1 "
                "WHERE id = (SELECT min(id) FROM pos_order)"
            )
        conn.commit()
        conn.close()


def test_drill_fails_when_a_file_is_missing(drill, backup):
    target, first = drill
    assert first.returncode == 0, first.stdout + first.stderr
    conn = psycopg2.connect(dbname=target)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT store_fname FROM ir_attachment "
                "WHERE store_fname IS NOT NULL ORDER BY id LIMIT 1"
            )
            [fname] = cr.fetchone()
    finally:
        conn.close()
    path = _filestore(target) / fname
    saved = path.read_bytes()
    path.unlink()
    try:
        result = _check_only(backup, target)
    finally:
        path.write_bytes(saved)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "attachment files missing" in result.stdout


def test_drill_fails_on_a_corrupt_dump(odoo_server, backup, tmp_path):
    folder, manifest_path, manifest, *_rest = backup
    for name in (
        manifest_path.name,
        manifest["dump"]["name"],
        manifest["filestore"]["name"],
    ):
        shutil.copy(folder / name, tmp_path / name)
    dump = tmp_path / manifest["dump"]["name"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    target = f"{odoo_server.db}_drill_corrupt"
    _drop(target)
    try:
        result = _run(
            "restore-drill",
            "--backup",
            str(tmp_path / manifest_path.name),
            "--target",
            target,
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert "FAIL" in result.stdout
        assert "SHA-256" in result.stdout
        assert _drills(tmp_path)[-1]["result"] == "FAIL"
        # Nothing was restored from a corrupt dump.
        exists = subprocess.run(
            ["psql", "-lqtA"], capture_output=True, text=True, check=False
        ).stdout
        assert f"{target}|" not in exists
    finally:
        _drop(target)


def test_drill_without_backup_says_so(tmp_path):
    result = _run("restore-drill", "--backup-dir", str(tmp_path), "-d", "nothing_here")
    assert result.returncode == 2
    assert "no complete backup" in result.stderr


def _param(db, key):
    conn = psycopg2.connect(dbname=db)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (key,))
            row = cr.fetchone()
            return row and row[0]
    finally:
        conn.close()


def test_recover_restores_for_production_use(odoo_server, backup):
    """``--recover``: the same restore and checks, but the database is kept
    as the chain's: not neutralized, same UUID, scheduled actions on."""
    folder, manifest_path, *_rest = backup
    target = f"{odoo_server.db}_recovered"
    _drop(target)
    try:
        result = _run(
            "restore-drill",
            "--recover",
            "--backup",
            str(manifest_path),
            "--target",
            target,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "PASS" in result.stdout
        assert not _param(target, "database.is_neutralized")
        assert _param(target, "database.uuid") == _param(
            odoo_server.db, "database.uuid"
        )
        entry = _drills(folder)[-1]
        assert (entry["mode"], entry["result"], entry["kept"]) == (
            "recover",
            "PASS",
            True,
        )
    finally:
        _drop(target)
