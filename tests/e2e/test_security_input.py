"""Security from outside (issue #10, class 11): bad input.

NaN, infinities and 1e300 for quantities and prices (XML-RPC carries real
NaN floats; JSON carries the strings "NaN", "Infinity", "1e300", and Python's
JSON also the bare NaN token), text where a number or a record is expected,
impossible dates, unknown selection values, 20,000-character names, store
codes that differ only by case or spaces, and bad parameters of the XLSX
download. Each must get a UserError/ValidationError that says what to do
(the XLSX route: HTTP 400 with a message), never a raw Python or PostgreSQL
error, and nothing may be written.
"""

import json
import math
import urllib.parse
import uuid

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

BAD_INPUT = ("UserError", "ValidationError")
# Not a number a shop works with: (transport, value), one test id each.
BAD_NUMBERS = [
    ("xmlrpc", math.nan),
    ("xmlrpc", math.inf),
    ("xmlrpc", -math.inf),
    ("xmlrpc", 1e300),
    ("call_kw", "NaN"),
    ("call_kw", "Infinity"),
    ("call_kw", "1e300"),
    ("call_kw", math.nan),  # json.dumps writes the bare NaN token
    ("call_kw", 1e300),
]
BAD_NUMBER_IDS = [
    "xmlrpc-nan",
    "xmlrpc-inf",
    "xmlrpc-minus-inf",
    "xmlrpc-1e300",
    "json-string-NaN",
    "json-string-Infinity",
    "json-string-1e300",
    "json-NaN-token",
    "json-1e300",
]
LONG_TEXT = "x" * 20000


def _product(client, code):
    [product] = client.search("product.product", [("default_code", "=", code)])
    return product


@pytest.fixture(scope="module")
def targets(rpc, admin, attempt, store_ids):
    """Records of SH01 its staff and manager may edit: {name: (login,
    model, id)}. Created here by them, removed at the end."""
    staff, manager = rpc("sh01.staff"), rpc("sh01.manager")
    [partner] = staff.search("res.partner", [("is_company", "=", True)], limit=1)
    order = staff.create(
        "sale.order",
        {
            "partner_id": partner,
            "client_order_ref": "e2e bad input",
            "order_line": [
                (0, 0, {"product_id": _product(staff, "TEA-001"), "product_uom_qty": 1})
            ],
        },
    )
    [order_line] = staff.read("sale.order", [order], ["order_line"])[0]["order_line"]
    transfer = staff.create(
        "multistore.transfer",
        {
            "source_store_id": store_ids["GZ01"],
            "dest_store_id": store_ids["SH01"],
            "origin": "e2e bad input",
            "line_ids": [
                (0, 0, {"product_id": _product(staff, "WARE-002"), "qty_requested": 2})
            ],
        },
    )
    [transfer_line] = staff.read("multistore.transfer", [transfer], ["line_ids"])[0][
        "line_ids"
    ]
    budget = manager.create(
        "multistore.budget",
        {"store_id": store_ids["SH01"], "date": "2020-02-01", "amount": 500.0},
    )
    change = manager.create(
        "multistore.price.change",
        {
            "target": "product",
            "product_id": _product(manager, "TEA-002"),
            "scope": "stores",
            "store_ids": [(6, 0, [store_ids["SH01"]])],
            "price_mode": "fixed",
            "new_price": 66.0,
            "reason": "competitor",
            "date_start": "2031-01-01 00:00:00",
        },
    )
    yield {
        "order": ("sh01.staff", "sale.order", order),
        "order_line": ("sh01.staff", "sale.order.line", order_line),
        "transfer": ("sh01.staff", "multistore.transfer", transfer),
        "transfer_line": ("sh01.staff", "multistore.transfer.line", transfer_line),
        "budget": ("sh01.manager", "multistore.budget", budget),
        "price_change": ("sh01.manager", "multistore.price.change", change),
    }
    attempt(admin.call, "sale.order", "action_cancel", [order])
    attempt(admin.call, "multistore.transfer", "unlink", [transfer])
    attempt(admin.call, "multistore.budget", "unlink", [budget])
    attempt(admin.call, "multistore.price.change", "unlink", [change])


def _write_probe(connect, refused, targets, target, field, value, transport="xmlrpc"):
    login, model, record = targets[target]
    with refused(watch=[(model, [record], [field])], allow=BAD_INPUT):
        connect(login, transport).call(model, "write", [record], {field: value})


# --- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(("transport", "value"), BAD_NUMBERS, ids=BAD_NUMBER_IDS)
@pytest.mark.parametrize(
    ("target", "field"),
    [
        ("order_line", "price_unit"),
        ("order_line", "product_uom_qty"),
        ("transfer_line", "qty_requested"),
        ("budget", "amount"),
        ("price_change", "new_price"),
    ],
)
def test_bad_input_number(connect, refused, targets, target, field, transport, value):
    """Class 11: not-a-number, infinite and absurd quantities and prices."""
    _write_probe(connect, refused, targets, target, field, value, transport)


@pytest.mark.parametrize("transport", ["xmlrpc", "call_kw"])
@pytest.mark.parametrize(
    ("target", "field", "value"),
    [
        ("order_line", "price_unit", "cheap"),
        ("transfer_line", "qty_requested", "ten"),
        ("budget", "amount", "lots"),
        ("order", "team_id", "abc"),
        ("price_change", "categ_id", "Tea"),
    ],
    ids=["text-price", "text-qty", "text-amount", "text-team", "text-category"],
)
def test_bad_input_text_for_number_or_record(
    connect, refused, targets, target, field, value, transport
):
    """Class 11: text where a number or a record id is expected."""
    _write_probe(connect, refused, targets, target, field, value, transport)


# --- dates, choices, lengths ---------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "field", "value"),
    [
        ("budget", "date", "2026-02-30"),
        ("order", "validity_date", "2026-02-30"),
        ("price_change", "date_start", "2026-02-30 10:00:00"),
        ("price_change", "date_end", "2031-13-01 00:00:00"),
    ],
)
def test_bad_input_impossible_date(connect, refused, targets, target, field, value):
    """Class 11: dates that do not exist."""
    _write_probe(connect, refused, targets, target, field, value)


@pytest.mark.parametrize(
    ("target", "field", "value"),
    [
        ("budget", "line_type", "bogus"),
        ("transfer", "priority", "9"),
        ("price_change", "reason", "bribe"),
        ("price_change", "rounding", "77"),
    ],
)
def test_bad_input_unknown_choice(connect, refused, targets, target, field, value):
    """Class 11: selection values that are not among the choices."""
    _write_probe(connect, refused, targets, target, field, value)


@pytest.mark.parametrize(
    ("target", "field"),
    [("transfer", "origin"), ("transfer_line", "discrepancy_note")],
)
def test_bad_input_long_text(connect, refused, targets, target, field):
    """Class 11: 20,000-character texts in one-line fields."""
    _write_probe(connect, refused, targets, target, field, LONG_TEXT)


def test_bad_input_long_store_name(rpc, refused):
    """Class 11: a store named with 20,000 characters."""
    code = f"E2E-{uuid.uuid4().hex[:6].upper()}"
    with refused(
        new=[("multistore.store", [("code", "ilike", code)])], allow=BAD_INPUT
    ):
        rpc("chain.manager").create(
            "multistore.store",
            {"name": LONG_TEXT, "code": code, "store_type": "online"},
        )


# --- store codes ------------------------------------------------------------------


@pytest.mark.parametrize("code", ["sh01 ", " SH01", "Sh01", "sh01", "SH01\t"])
def test_store_code_differs_only_by_case_or_spaces(rpc, refused, code):
    """Class 11: "sh01 " is SH01 again: refused."""
    name = f"E2E shadow {uuid.uuid4().hex[:6]}"
    with refused(new=[("multistore.store", [("name", "=", name)])], allow=BAD_INPUT):
        rpc("chain.manager").create(
            "multistore.store", {"name": name, "code": code, "store_type": "online"}
        )


def test_store_code_renamed_onto_another_by_case(rpc, refused, store_ids):
    """Class 11: nor may an existing store take "bj01 " as its code."""
    with refused(
        watch=[("multistore.store", [store_ids["GZ01"]], ["code"])], allow=BAD_INPUT
    ):
        rpc("chain.manager").write(
            "multistore.store", [store_ids["GZ01"]], {"code": "bj01 "}
        )


def test_store_code_is_normalised(rpc, admin, attempt):
    """Class 11: codes are kept trimmed and in upper case."""
    suffix = uuid.uuid4().hex[:5]
    store = rpc("chain.manager").create(
        "multistore.store",
        {
            "name": f"E2E web {suffix}",
            "code": f"  e2e-{suffix} ",
            "store_type": "online",
        },
    )
    try:
        [saved] = admin.read("multistore.store", [store], ["code"])
        assert saved["code"] == f"E2E-{suffix.upper()}"
    finally:
        attempt(admin.call, "multistore.store", "unlink", [store])


# --- the XLSX download -------------------------------------------------------------

XLSX_ROUTE = "/report/xlsx/multistore_reports.chain_summary_xlsx"
BAD_XLSX = {
    "ids-text": "/abc",
    "ids-half-text": "/{sh01},x",
    "ids-huge": "/99999999999999999999",
    "options-not-json": "/{sh01}?options=" + urllib.parse.quote("{not json"),
    "context-not-json": "/{sh01}?context=" + urllib.parse.quote("{bad"),
    "date-impossible": "/{sh01}?date_from=2026-02-30",
    "date-impossible-in-options": "/{sh01}?options="
    + urllib.parse.quote(json.dumps({"date_to": "2026-02-30"})),
    "date-text": "/{sh01}?date_to=yesterday",
}


@pytest.mark.parametrize("case", sorted(BAD_XLSX))
def test_bad_input_xlsx_route(web, odoo_server, store_ids, case):
    """Class 11: a bad parameter of the XLSX download answers 400 with a
    message, never a 500 (a server error page or a traceback)."""
    if "multistore_reports" not in odoo_server.addons:
        pytest.fail("multistore_reports is not installed on this server")
    path = XLSX_ROUTE + BAD_XLSX[case].format(sh01=store_ids["SH01"])
    status, _headers, body = web("sh01.staff").get(path)
    text = body.decode(errors="replace")
    assert status == 400, f"{path}: HTTP {status}: {text[:500]}"
    assert text.strip(), f"{path}: 400 without a message"
    assert "Traceback" not in text, text[:2000]
