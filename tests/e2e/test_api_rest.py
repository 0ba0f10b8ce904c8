"""The REST API (/api/v1, addon multistore_api) over real HTTP, as the
chain's other systems use it: with the demo integrations' keys (demo data of
multistore_api), each endpoint, each refusal (a key for store SH01 asking for
BJ01, a read-only key importing an order, a missing scope), the rate limit,
the idempotent order import (also under concurrent duplicates) and the call
log a chain manager reads.
"""

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xmlrpc.client

import pytest

pytestmark = pytest.mark.e2e

MARKETPLACE = "demo-marketplace-sh01-key-0001"  # SH01: catalog, stock, orders
READONLY = "demo-readonly-sh01-key-0002"  # SH01: catalog, stock, members
LOGISTICS = "demo-logistics-key-0003"  # SH01 + BJ01: read orders, shipments
LIMITED = "demo-limited-key-0004-abcdef"  # BJ01: catalog, 5 calls a minute


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def error(self):
        detail = self.body.get("detail") if isinstance(self.body, dict) else None
        return detail.get("error") if isinstance(detail, dict) else None


@pytest.fixture(scope="module")
def api(odoo_server):
    """``api(method, path, key=..., body=None, params=None, lang=None)``."""
    if "multistore_api" not in odoo_server.addons:
        pytest.skip("multistore_api is not installed on this server")
    base = f"{odoo_server.url}/api/v1"

    def call(method, path, key=MARKETPLACE, body=None, params=None, lang=None):
        url = base + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        headers = {"Accept": "application/json"}
        if key:
            headers["HTTP-API-KEY"] = key
        if lang:
            headers["Accept-Language"] = lang
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, headers, raw = (
                    response.status,
                    response.headers,
                    response.read(),
                )
        except urllib.error.HTTPError as exc:
            status, headers, raw = exc.code, exc.headers, exc.read()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw.decode(errors="replace")
        return Answer(status, headers, payload)

    return call


def _order(store_code="SH01", external_id=None, lines=None):
    return {
        "external_id": external_id or f"E2E-{uuid.uuid4().hex[:12]}",
        "store_code": store_code,
        "customer": {"name": "E2E Buyer", "phone": "+86 139 0000 9999"},
        "lines": lines or [{"default_code": "TEA-001", "quantity": 1}],
    }


def _admin_orders(admin, external_id):
    return admin.search_read(
        "sale.order",
        [("api_external_id", "=", external_id)],
        ["state", "store_id", "api_integration_id"],
    )


def test_openapi_document_and_docs(api, odoo_server):
    with urllib.request.urlopen(f"{odoo_server.url}/api/v1/openapi.json") as resp:
        document = json.loads(resp.read())
    assert document["info"]["title"] == "Multistore REST API"
    for path in ("/stores", "/stores/{store_code}/stock", "/orders", "/members"):
        assert path in document["paths"], path
    with urllib.request.urlopen(f"{odoo_server.url}/api/v1/docs") as resp:
        assert resp.status == 200
        assert b"swagger" in resp.read().lower()


def test_key_required(api):
    for key in (None, "no-such-key-0000000000"):
        answer = api("GET", "/stores", key=key)
        assert answer.status == 401, answer.body
        assert answer.error == "unauthorized"


def test_stores_of_the_key(api):
    answer = api("GET", "/stores")
    assert answer.status == 200, answer.body
    assert [store["code"] for store in answer.body] == ["SH01"]
    answer = api("GET", "/stores", key=LOGISTICS)
    assert sorted(store["code"] for store in answer.body) == ["BJ01", "SH01"]
    assert answer.body[0]["store_type_label"]


def test_products_with_price(api, admin):
    answer = api("GET", "/stores/SH01/products", params={"default_code": "TEA-001"})
    assert answer.status == 200, answer.body
    [item] = answer.body["items"]
    product = admin.search_read(
        "product.product", [("default_code", "=", "TEA-001")], ["id"]
    )[0]
    store = admin.search_read(
        "multistore.store", [("code", "=", "SH01")], ["pricelist_id"]
    )[0]
    currency = admin.read(
        "product.pricelist", [store["pricelist_id"][0]], ["currency_id"]
    )[0]["currency_id"][1]
    assert item["id"] == product["id"]
    assert item["price"] > 0
    assert item["currency"] == currency


def test_stock_paged_bulk_export(api, admin):
    storable = admin.call(
        "product.product", "search_count", [("is_storable", "=", True)]
    )
    seen, page = [], 1
    while True:
        answer = api(
            "GET",
            "/stores/SH01/stock",
            key=READONLY,
            params={"page": page, "page_size": 10},
        )
        assert answer.status == 200, answer.body
        assert answer.body["total"] == storable
        if not answer.body["items"]:
            break
        seen += answer.body["items"]
        page += 1
    assert len({item["product_id"] for item in seen}) == storable
    tea = next(item for item in seen if item["default_code"] == "TEA-001")
    product = admin.search_read(
        "product.product", [("default_code", "=", "TEA-001")], ["id"]
    )[0]
    warehouse = admin.search_read(
        "multistore.store", [("code", "=", "SH01")], ["warehouse_id"]
    )[0]["warehouse_id"][0]
    expected = admin.call(
        "product.product",
        "read",
        [product["id"]],
        ["qty_available", "free_qty", "incoming_qty"],
        context={"warehouse_id": warehouse},
    )[0]
    assert (tea["on_hand"], tea["available"], tea["incoming"]) == (
        expected["qty_available"],
        expected["free_qty"],
        expected["incoming_qty"],
    )


def test_other_store_refused(api):
    for path in ("/stores/BJ01/stock", "/stores/BJ01/products"):
        answer = api("GET", path)
        assert answer.status == 403, answer.body
        assert answer.error == "store_not_allowed"
        assert "BJ01" in answer.body["detail"]["message"]
    answer = api("POST", "/orders", body=_order(store_code="BJ01"))
    assert answer.status == 403, answer.body
    assert answer.error == "store_not_allowed"


def test_member_lookup(api, admin):
    program = admin.search_read(
        "loyalty.program", [("program_type", "=", "loyalty")], ["id"], limit=1
    )[0]
    phone = f"+86 137 {uuid.uuid4().int % 10**8:08d}"
    partner = admin.create("res.partner", {"name": "E2E Member", "phone": phone})
    card = admin.create(
        "loyalty.card", {"program_id": program["id"], "partner_id": partner}
    )
    code = admin.read("loyalty.card", [card], ["code"])[0]["code"]
    for params in ({"phone": phone}, {"card": code}):
        answer = api("GET", "/members", key=READONLY, params=params)
        assert answer.status == 200, answer.body
        assert answer.body["id"] == partner
        assert answer.body["points_balance"] == 0
        assert [c["code"] for c in answer.body["cards"]] == [code]
    answer = api("GET", "/members", key=READONLY, params={"phone": "+86 0"})
    assert answer.status == 404 and answer.error == "member_not_found"
    # The marketplace key has no read_members scope.
    answer = api("GET", "/members", params={"phone": phone})
    assert answer.status == 403 and answer.error == "scope_missing"


def test_read_only_key_cannot_import(api, admin):
    order = _order()
    answer = api("POST", "/orders", key=READONLY, body=order)
    assert answer.status == 403, answer.body
    assert answer.error == "scope_missing"
    assert not _admin_orders(admin, order["external_id"])


def test_import_is_idempotent(api, admin):
    order = _order(lines=[{"default_code": "TEA-001", "quantity": 2}])
    first = api("POST", "/orders", body=order)
    assert first.status == 201, first.body
    again = api("POST", "/orders", body=order)
    assert again.status == 200, again.body
    assert again.body["id"] == first.body["id"]
    [stored] = _admin_orders(admin, order["external_id"])
    assert stored["state"] == "sale"
    assert stored["api_integration_id"][1] == "Demo marketplace (Shanghai)"
    assert first.body["store_code"] == "SH01"
    found = api("GET", "/orders", params={"external_id": order["external_id"]})
    assert found.status == 200 and found.body["id"] == first.body["id"]


def test_concurrent_duplicates_import_once(api, admin):
    order = _order()
    answers = []

    def send():
        answers.append(api("POST", "/orders", body=order))

    threads = [threading.Thread(target=send) for _i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status for answer in answers) == [200, 200, 200, 201], [
        (answer.status, answer.body) for answer in answers
    ]
    assert len({answer.body["id"] for answer in answers}) == 1
    assert len(_admin_orders(admin, order["external_id"])) == 1


def test_concurrent_calls_of_one_key(api, odoo_server):
    """Calls of one integration at the same moment (a marketplace over
    several connections) are all served and counted: every call adds to
    the same rate counter row, and none fails on it with a serialization
    error (the counter's transaction runs at READ COMMITTED)."""
    logged = odoo_server.log.read_text(errors="replace")
    answers = []

    def send():
        for _i in range(5):
            answers.append(api("GET", "/stores", key=READONLY))

    threads = [threading.Thread(target=send) for _i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status for answer in answers] == [200] * 40, [
        (answer.status, answer.body) for answer in answers if answer.status != 200
    ]
    new_lines = odoo_server.log.read_text(errors="replace")[len(logged) :]
    assert "could not serialize" not in new_lines


def test_bad_line_imports_nothing(api, admin):
    partners = admin.call("res.partner", "search_count", [])
    order = _order(
        lines=[
            {"default_code": "TEA-001", "quantity": 1},
            {"default_code": "NO-SUCH-SKU", "quantity": 1},
        ]
    )
    order["customer"]["phone"] = f"+86 136 {uuid.uuid4().int % 10**8:08d}"
    answer = api("POST", "/orders", body=order)
    assert answer.status == 422, answer.body
    assert answer.error == "invalid_lines"
    assert [line["index"] for line in answer.body["detail"]["lines"]] == [1]
    assert not _admin_orders(admin, order["external_id"])
    assert admin.call("res.partner", "search_count", []) == partners


def test_batch_import(api, admin):
    """POST /orders/batch: each order imported or refused on its own (a bad
    line, a store of another key, a repeat), and the same batch again
    creates nothing."""
    earlier = _order()
    assert api("POST", "/orders", body=earlier).status == 201
    partners = admin.call("res.partner", "search_count", [])
    good = _order(lines=[{"default_code": "TEA-001", "quantity": 2}])
    bad = _order(
        lines=[
            {"default_code": "TEA-001", "quantity": 1},
            {"default_code": "NO-SUCH-SKU", "quantity": 1},
        ]
    )
    bad["customer"]["phone"] = f"+86 136 {uuid.uuid4().int % 10**8:08d}"
    other_store = _order(store_code="BJ01")
    other_store["customer"]["phone"] = f"+86 137 {uuid.uuid4().int % 10**8:08d}"
    second = _order()
    batch = {"orders": [good, bad, other_store, good, earlier, second]}
    answer = api("POST", "/orders/batch", body=batch)
    assert answer.status == 200, answer.body
    results = answer.body["results"]
    assert [(r["external_id"], r["status"]) for r in results] == [
        (good["external_id"], "created"),
        (bad["external_id"], "error"),
        (other_store["external_id"], "error"),
        (good["external_id"], "existing"),
        (earlier["external_id"], "existing"),
        (second["external_id"], "created"),
    ], results
    assert results[1]["error"]["code"] == "invalid_lines"
    assert [line["index"] for line in results[1]["error"]["lines"]] == [1]
    assert results[2]["error"]["code"] == "store_not_allowed"
    assert results[1]["order"] is None and results[2]["order"] is None
    assert results[3]["order"]["id"] == results[0]["order"]["id"]
    assert results[0]["order"]["lines"][0]["quantity"] == 2
    for order in (good, earlier, second):
        [stored] = _admin_orders(admin, order["external_id"])
        assert stored["state"] == "sale"
    for order in (bad, other_store):
        assert not _admin_orders(admin, order["external_id"])
    assert admin.call("res.partner", "search_count", []) == partners
    again = api("POST", "/orders/batch", body=batch)
    assert again.status == 200, again.body
    assert [r["status"] for r in again.body["results"]] == [
        "existing",
        "error",
        "error",
        "existing",
        "existing",
        "existing",
    ]
    assert [r["order"] and r["order"]["id"] for r in again.body["results"]] == [
        r["order"] and r["order"]["id"] for r in results
    ]
    for order in (good, earlier, second):
        assert len(_admin_orders(admin, order["external_id"])) == 1
    too_many = api("POST", "/orders/batch", body={"orders": [_order()] * 101})
    assert too_many.status == 422, too_many.body
    refused = api("POST", "/orders/batch", key=READONLY, body={"orders": [_order()]})
    assert refused.status == 403 and refused.error == "scope_missing"


def test_concurrent_batches_import_once(api, admin):
    """Batches of one key sent at once (over several connections), with an
    order in both: every order is imported once and each call answers
    (the key's batches take turns instead of failing on each other's
    rows)."""
    shared = _order()
    batches = [{"orders": [shared] + [_order() for _i in range(3)]} for _j in range(3)]
    answers = []

    def send(batch):
        answers.append(api("POST", "/orders/batch", body=batch))

    threads = [threading.Thread(target=send, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status for answer in answers] == [200] * 3, [
        (answer.status, answer.body) for answer in answers
    ]
    results = [result for answer in answers for result in answer.body["results"]]
    first = [r for r in results if r["external_id"] == shared["external_id"]]
    assert sorted(r["status"] for r in first) == ["created", "existing", "existing"]
    assert len({r["order"]["id"] for r in first}) == 1
    others = [r for r in results if r["external_id"] != shared["external_id"]]
    assert [r["status"] for r in others] == ["created"] * 9, others
    for result in results:
        assert len(_admin_orders(admin, result["external_id"])) == 1


def test_status_and_shipment(api, admin):
    created = api("POST", "/orders", body=_order())
    assert created.status == 201, created.body
    order_id = created.body["id"]
    status = api("GET", f"/orders/{order_id}/status", key=LOGISTICS)
    assert status.status == 200, status.body
    assert status.body["state"] == "sale"
    assert status.body["shipment"]["state"] == "pending"
    # The marketplace key may not update shipments.
    refused = api("POST", f"/orders/{order_id}/shipment", body={"delivered": True})
    assert refused.status == 403 and refused.error == "scope_missing"
    shipped = api(
        "POST",
        f"/orders/{order_id}/shipment",
        key=LOGISTICS,
        body={"carrier": "SF Express", "tracking_ref": "SF1234567890"},
    )
    assert shipped.status == 200, shipped.body
    assert shipped.body["shipment"]["state"] == "shipped"
    delivered = api(
        "POST", f"/orders/{order_id}/shipment", key=LOGISTICS, body={"delivered": True}
    )
    assert delivered.status == 200, delivered.body
    assert delivered.body["shipment"]["state"] == "delivered"
    assert delivered.body["delivery_status"] == "full"
    read = api("GET", f"/orders/{order_id}")
    assert read.body["shipment"]["tracking_ref"] == "SF1234567890"
    pickings = admin.search_read(
        "stock.picking", [("sale_id", "=", order_id)], ["state"]
    )
    assert [p["state"] for p in pickings] == ["done"]


def test_order_of_another_store_not_found(api, admin):
    store = admin.search_read("multistore.store", [("code", "=", "GZ01")], ["id"])[0]
    partner = admin.create("res.partner", {"name": "GZ01 customer"})
    order_id = admin.create(
        "sale.order", {"partner_id": partner, "store_id": store["id"]}
    )
    for key in (MARKETPLACE, LOGISTICS):
        answer = api("GET", f"/orders/{order_id}", key=key)
        assert answer.status == 404, answer.body
        assert answer.error == "order_not_found"


def test_rate_limit(api):
    statuses = [api("GET", "/stores", key=LIMITED) for _i in range(12)]
    limited = [answer for answer in statuses if answer.status == 429]
    # 12 calls span at most two minutes: one of them holds at least 6 > 5.
    assert limited, [answer.status for answer in statuses]
    assert {answer.status for answer in statuses} <= {200, 429}
    assert 1 <= int(limited[0].headers["Retry-After"]) <= 60
    assert limited[0].error == "rate_limited"


def test_call_log_for_chain_managers(api, admin, rpc):
    api("GET", "/stores/BJ01/stock")
    calls = admin.search_read(
        "multistore.api.call",
        [("integration_id.name", "ilike", "Demo marketplace")],
        ["endpoint", "status_code", "error", "duration_ms"],
        limit=50,
    )
    refused = [c for c in calls if c["endpoint"] == "/stores/{store_code}/stock"]
    assert refused and refused[0]["status_code"] == 403
    assert "store_not_allowed" in refused[0]["error"]
    statuses = {c["status_code"] for c in calls}
    assert {200, 403} <= statuses
    manager = rpc("sh01.manager")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        manager.search_read("multistore.api.call", [], ["endpoint"])
    assert "AccessError" in fault.value.faultString or "not allowed" in (
        fault.value.faultString
    )
    with pytest.raises(xmlrpc.client.Fault):
        manager.search_read("multistore.api.integration", [], ["api_key"])


def _delivered_order(api):
    created = api("POST", "/orders", body=_order())
    assert created.status == 201, created.body
    order_id = created.body["id"]
    delivered = api(
        "POST", f"/orders/{order_id}/shipment", key=LOGISTICS, body={"delivered": True}
    )
    assert delivered.status == 200, delivered.body
    return order_id


def _returns(admin, order_id):
    return admin.search_read(
        "stock.picking",
        [("sale_id", "=", order_id), ("return_id", "!=", False)],
        ["state", "api_external_id", "multistore_return_reason_id", "store_id"],
    )


def test_return_recorded_once_under_the_policy(api, admin, odoo_server):
    if "multistore_api_returns" not in odoo_server.addons:
        pytest.skip("multistore_api_returns is not installed on this server")
    order_id = _delivered_order(api)
    reasons = api("GET", "/return-reasons")
    assert reasons.status == 200, reasons.body
    assert "QUALITY" in [r["code"] for r in reasons.body]
    external_id = f"RMA-{uuid.uuid4().hex[:10]}"
    body = {
        "external_id": external_id,
        "reason_code": "QUALITY",
        "lines": [{"default_code": "TEA-001", "quantity": 1}],
    }
    # A key without the scope records nothing (another store's order: 404,
    # in the addon's tests).
    refused = api("POST", f"/orders/{order_id}/returns", key=READONLY, body=body)
    assert refused.status == 403 and refused.error == "scope_missing"
    assert _returns(admin, order_id) == []
    # More than delivered: refused by the policy, nothing recorded.
    too_many = dict(body, lines=[{"default_code": "TEA-001", "quantity": 2}])
    refused = api("POST", f"/orders/{order_id}/returns", body=too_many)
    assert refused.status == 422 and refused.error == "return_refused"
    assert _returns(admin, order_id) == []
    first = api("POST", f"/orders/{order_id}/returns", body=body)
    assert first.status == 201, first.body
    again = api("POST", f"/orders/{order_id}/returns", body=body)
    assert again.status == 200, again.body
    assert again.body["returns"] == first.body["returns"]
    returns = _returns(admin, order_id)
    assert len(returns) == 1
    assert returns[0]["api_external_id"] == external_id
    quality = admin.search("multistore.return.reason", [("code", "=", "QUALITY")])
    assert returns[0]["multistore_return_reason_id"][0] == quality[0]
    # Nothing left to return: a second return is refused.
    second = api(
        "POST", f"/orders/{order_id}/returns", body=dict(body, external_id="RMA-x2")
    )
    assert second.status == 422, second.body
    listed = api("GET", f"/orders/{order_id}/returns")
    assert [r["external_id"] for r in listed.body] == [external_id]
