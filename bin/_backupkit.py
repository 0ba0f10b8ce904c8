"""What ``bin/backup``, ``bin/restore-drill`` and the upgrade test share.

The figures of a Multistore database: counts and sums that must survive a
backup and restore, and an upgrade, unchanged.

Used by ``bin/backup`` (recorded next to the dump, taken in the dump's own
snapshot), ``bin/restore-drill`` (compared on the restored database) and the
upgrade test (``tests/e2e/test_upgrade.py``). Plain SQL through psycopg2, so
it reads any database, whatever addons it has: a table or column that does
not exist is recorded as missing, which a comparison reports.

Sums are exact: every value is rounded to 6 decimals as ``numeric`` before
it is added up, so two copies of the same rows give the same text whatever
their physical order (a float sum would not).
"""

import re
from datetime import UTC, datetime
from pathlib import Path

# (figure, table, condition, columns to sum). The business figures a chain
# checks after a restore: stores, till orders and takings, stock, points,
# transfers, price changes; and the documents around them.
FIGURES = [
    ("stores", "multistore_store", "", []),
    ("pos_orders", "pos_order", "", ["amount_total", "amount_paid", "amount_tax"]),
    ("pos_order_lines", "pos_order_line", "", ["qty", "price_subtotal_incl"]),
    ("pos_payments", "pos_payment", "", ["amount"]),
    ("pos_sessions", "pos_session", "", []),
    ("sale_orders", "sale_order", "", ["amount_total"]),
    ("account_moves_posted", "account_move", "state = 'posted'", ["amount_total"]),
    (
        "stock_quants",
        "stock_quant",
        "location_id IN (SELECT id FROM stock_location WHERE usage = 'internal')",
        ["quantity"],
    ),
    ("stock_moves_done", "stock_move", "state = 'done'", ["quantity"]),
    ("stock_pickings", "stock_picking", "", []),
    ("loyalty_cards", "loyalty_card", "", ["points"]),
    ("loyalty_history", "loyalty_history", "", ["issued", "used"]),
    ("loyalty_adjustments", "multistore_loyalty_adjustment", "", ["points"]),
    ("transfers", "multistore_transfer", "", []),
    (
        "transfer_lines",
        "multistore_transfer_line",
        "",
        ["qty_requested", "qty_shipped", "qty_received"],
    ),
    ("price_changes", "multistore_price_change", "", ["new_price"]),
    ("price_history", "multistore_price_history", "", ["price"]),
    ("stock_counts", "multistore_stock_count", "", []),
    ("forecasts", "multistore_forecast", "", []),
    ("partners", "res_partner", "", []),
    ("products", "product_product", "", []),
    ("users", "res_users", "", []),
    ("attachments_in_filestore", "ir_attachment", "store_fname IS NOT NULL", []),
]

# Fact tables (multistore_reports): every table named like this, every
# numeric column that is not a key.
FACT_TABLE_RE = re.compile(r"^multistore_[a-z0-9_]*fact$")
KEY_COLUMN_RE = re.compile(r"^(id|.*_id|create_uid|write_uid)$")
NUMERIC_TYPES = ("integer", "bigint", "smallint", "numeric", "double precision", "real")

MISSING = "missing"


def _columns(cr, table):
    cr.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s",
        (table,),
    )
    return dict(cr.fetchall())


def _measure(cr, table, condition, sums):
    """{"count": n, "sum(col)": "text", ...} of one table (or missing)."""
    columns = _columns(cr, table)
    if not columns:
        return {"count": MISSING}
    present = [col for col in sums if col in columns]
    # Identifiers come from the lists above or from the catalogue, never
    # from outside: quoting them is enough.
    select = ["count(*)"] + [
        f'coalesce(sum(round("{col}"::numeric, 6)), 0)::text' for col in present
    ]
    query = f'SELECT {", ".join(select)} FROM "{table}"'
    if condition:
        query += f" WHERE {condition}"
    cr.execute(query)
    row = cr.fetchone()
    result = {"count": row[0]}
    for col, value in zip(present, row[1:], strict=True):
        result[f"sum({col})"] = _normal(value)
    for col in sums:
        if col not in present:
            result[f"sum({col})"] = MISSING
    return result


def _normal(text):
    """``12.500000`` -> ``12.5``: the same number prints the same."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def fact_tables(cr):
    cr.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
        "ORDER BY table_name"
    )
    return [name for (name,) in cr.fetchall() if FACT_TABLE_RE.match(name)]


def collect(cr):
    """Every figure of the database ``cr`` is connected to."""
    figures = {}
    for name, table, condition, sums in FIGURES:
        figures[name] = _measure(cr, table, condition, sums)
    for table in fact_tables(cr):
        numeric = sorted(
            col
            for col, kind in _columns(cr, table).items()
            if kind in NUMERIC_TYPES and not KEY_COLUMN_RE.match(col)
        )
        figures[f"fact:{table}"] = _measure(cr, table, "", numeric)
    return figures


def compare(expected, actual, allowed=()):
    """Differences between two ``collect`` results, as sentences.

    ``allowed``: figure names whose change is intended (e.g. by a migration).
    """
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name in allowed:
            continue
        before, after = expected.get(name), actual.get(name)
        if before is None:
            problems.append(f"{name}: not in the reference figures (new: {after})")
            continue
        if after is None:
            problems.append(f"{name}: missing (was {before})")
            continue
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                problems.append(
                    f"{name} {key}: expected {before.get(key)}, got {after.get(key)}"
                )
    return problems


def missing_files(cr, filestore):
    """Attachments whose file is not in ``filestore`` (a pathlib.Path)."""
    cr.execute(
        "SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL"
    )
    return sorted(
        fname for (fname,) in cr.fetchall() if not (filestore / fname).is_file()
    )


# --- backup sets ------------------------------------------------------------

# ``<db>_<stamp>.json`` (manifest), ``.dump``, ``.filestore.tar.gz``.
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


def backup_time(manifest_path):
    """UTC time of a backup, from its manifest's name (None if not ours)."""
    stamp = Path(manifest_path).stem.rsplit("_", 1)[-1]
    try:
        return datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def backups(folder, db=None):
    """Complete backups in ``folder`` (manifest paths), oldest first."""
    found = [
        (backup_time(path), path)
        for path in Path(folder).glob(f"{db}_*.json" if db else "*_*.json")
    ]
    return [path for when, path in sorted(found) if when is not None]
