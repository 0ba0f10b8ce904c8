"""multistore_reports (and the report sections of loyalty and inventory) seen
from outside: figures over XML-RPC and the XLSX workbook downloaded over HTTP
by a logged-in user, on the demo chain."""

import http.cookiejar
import io
import json
import urllib.request

import openpyxl
import pytest

pytestmark = pytest.mark.e2e

RETAIL_STORES = ("SH01", "BJ01", "GZ01")
# A transfer names the other store it comes from or goes to: that name is
# part of the store's own figures.
COUNTERPART_SHEETS = ("Transfers in transit",)

REPORT_MODELS = (
    "multistore.store.ranking",
    "multistore.best.seller",
    "multistore.weekly.trend",
    "multistore.store.pnl",
    "multistore.inventory.turnover",
    "multistore.slow.stock",
    "multistore.store.dashboard",
)
# Sheets the bridge addons (installed by themselves with reports and the
# addon) add to the workbook.
BRIDGE_SHEETS = {
    "multistore_inventory": ("Transfers in transit", "Stock-outs avoided"),
    "multistore_loyalty": ("Loyalty", "Tier mix"),
}
OPTIONAL_MODELS = {
    "multistore_loyalty": ("multistore.loyalty.tier.mix",),
    "multistore_inventory": ("multistore.stockout.avoided",),
}


@pytest.fixture(scope="module")
def reports_installed(odoo_server):
    if "multistore_reports" not in odoo_server.addons:
        pytest.skip("multistore_reports is not installed on this server")
    return odoo_server


@pytest.fixture(scope="module")
def refreshed(reports_installed, rpc):
    """A store manager refreshes the figures from the menu, as a user would."""
    result = rpc("sh01.manager").call("multistore.sales.fact", "action_refresh_facts")
    assert result["tag"] == "display_notification"
    return reports_installed


def _models(server):
    models = list(REPORT_MODELS)
    for addon, names in OPTIONAL_MODELS.items():
        if addon in server.addons:
            models += names
    return models


def _store_of_rows(client, model):
    groups = client.call(
        model, "read_group", [], ["store_id"], ["store_id"], lazy=False
    )
    return {g["store_id"][1] for g in groups if g["store_id"]}


def test_chain_manager_ranks_every_retail_store(refreshed, rpc, store_ids):
    groups = rpc("chain.manager").call(
        "multistore.store.ranking",
        "read_group",
        [],
        ["revenue:sum", "order_count:sum"],
        ["store_id"],
        lazy=False,
    )
    by_store = {g["store_id"][0]: g for g in groups}
    for code in RETAIL_STORES:
        row = by_store[store_ids[code]]
        assert row["revenue"] > 0, code
        assert row["order_count"] > 0, code


def test_ranking_equals_the_order_lines(refreshed, rpc, store_ids):
    """The facts hold what was sold: revenue per store equals the untaxed
    amounts of the counted till and sales order lines, read line by line."""
    client = rpc("chain.manager")
    for code in RETAIL_STORES:
        store = store_ids[code]
        pos_lines = client.search_read(
            "pos.order.line",
            [
                ("order_id.store_id", "=", store),
                ("order_id.state", "in", ["paid", "done", "invoiced"]),
            ],
            ["price_subtotal"],
        )
        sale_lines = client.search_read(
            "sale.order.line",
            [
                ("order_id.store_id", "=", store),
                ("order_id.state", "=", "sale"),
                ("display_type", "=", False),
            ],
            ["price_subtotal"],
        )
        expected = sum(line["price_subtotal"] for line in pos_lines + sale_lines)
        groups = client.call(
            "multistore.store.ranking",
            "read_group",
            [("store_id", "=", store)],
            ["revenue:sum"],
            [],
            lazy=False,
        )
        assert pos_lines, code
        assert groups[0]["revenue"] == pytest.approx(expected, abs=0.01), code


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_store_staff_report_only_their_store(refreshed, rpc, login):
    client = rpc(login)
    seen = {}
    for model in _models(refreshed):
        seen[model] = _store_of_rows(client, model)
        assert all("SH01" in name for name in seen[model]), (model, seen[model])
    # Not an empty pass: the store's own figures are there.
    assert seen["multistore.store.ranking"], seen
    assert seen["multistore.inventory.turnover"], seen


def _http_session(server, login, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"db": server.db, "login": login, "password": password},
    }
    request = urllib.request.Request(
        f"{server.url}/web/session/authenticate",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with opener.open(request, timeout=120) as resp:
        answer = json.loads(resp.read())
    assert answer.get("result", {}).get("uid"), answer
    return opener


def test_store_staff_download_holds_only_their_store(refreshed, store_ids):
    """The XLSX of every store, asked for by SH01's staff, holds SH01 only."""
    opener = _http_session(refreshed, "sh01.staff", "sh01.staff")
    ids = ",".join(str(store_ids[code]) for code in RETAIL_STORES)
    url = f"{refreshed.url}/report/xlsx/multistore_reports.chain_summary_xlsx/{ids}"
    with opener.open(url, timeout=300) as resp:
        assert resp.status == 200
        content = resp.read()
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert "Ranking" in book.sheetnames
    for addon, sheets in BRIDGE_SHEETS.items():
        if addon in refreshed.addons:
            assert set(sheets) <= set(book.sheetnames), addon
    header, *rows = book["Ranking"].iter_rows(values_only=True)
    column = header.index("Store")
    stores = {row[column] for row in rows if row[column]}
    assert stores and all("SH01" in name for name in stores), stores
    for sheet in book.worksheets:
        if sheet.title in COUNTERPART_SHEETS:
            continue
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert "BJ01" not in value and "GZ01" not in value, sheet.title


def test_demo_stockout_avoided_seen_by_its_store(refreshed, rpc, store_ids):
    if "multistore_inventory" not in refreshed.addons:
        pytest.skip("multistore_inventory is not installed")
    fields = ["store_id", "qty_received", "qty_before_receipt", "qty_sold_after"]
    rows = rpc("sh01.manager").search_read(
        "multistore.stockout.avoided",
        [("is_avoided", "=", True)],
        [*fields, "units_saved"],
    )
    assert rows
    for row in rows:
        assert row["store_id"][0] == store_ids["SH01"]
        expected = min(
            row["qty_received"],
            max(0.0, row["qty_sold_after"] - max(row["qty_before_receipt"], 0.0)),
        )
        assert row["units_saved"] == pytest.approx(expected)
    assert not rpc("bj01.manager").search(
        "multistore.stockout.avoided", [("store_id", "=", store_ids["SH01"])]
    )


def test_demo_budgets_against_actuals(refreshed, rpc, store_ids):
    """Each store's manager sees its budgets with actual figures beside them."""
    for code in RETAIL_STORES:
        rows = rpc(f"{code.lower()}.manager").search_read(
            "multistore.budget.report",
            [],
            ["store_id", "line_type", "budget", "actual", "variance"],
        )
        assert {row["store_id"][0] for row in rows} == {store_ids[code]}
        assert {row["line_type"] for row in rows} == {"revenue", "expense"}
        for row in rows:
            assert row["variance"] == pytest.approx(row["actual"] - row["budget"])
        assert any(row["actual"] for row in rows if row["line_type"] == "revenue")
