"""multistore_base seen from outside: the demo chain over XML-RPC.

Demo chain: central warehouse CWH, retail stores SH01, BJ01, GZ01 with a till
each and closed sessions with paid orders; per store a ``.staff`` and a
``.manager`` user, plus ``chain.manager`` (password = login) and admin.
"""

import xmlrpc.client

import pytest

pytestmark = pytest.mark.e2e

RETAIL_STORES = ("SH01", "BJ01", "GZ01")
STORE_USERS = {
    "sh01.staff": "SH01",
    "sh01.manager": "SH01",
    "bj01.staff": "BJ01",
    "bj01.manager": "BJ01",
    "gz01.staff": "GZ01",
    "gz01.manager": "GZ01",
}
# Documents that carry a store and are scoped to the user's allowed stores.
STORE_DOCUMENTS = (
    "pos.order",
    "pos.session",
    "pos.config",
    "stock.picking",
    "sale.order",
)
# Store fields besides ``store_id`` that make a document one of the store's
# too, where the installed addons add them: a click & collect order
# (multistore_omnichannel) is read by the staff of its pickup store, who
# hand it over at their till.
SECOND_STORE_FIELDS = {"sale.order": ("pickup_store_id",)}

# Fault codes of Odoo's /xmlrpc/2/object (odoo/addons/base/controllers/rpc.py).
FAULT_USER_ERROR = 2  # UserError, ValidationError
FAULT_ACCESS_ERROR = 4


def _m2o_id(value):
    return value[0] if value else False


def _ids_by_store(client, model, store_id):
    return set(client.search(model, [("store_id", "=", store_id)]))


def _store_fields(client, model):
    present = client.call(model, "fields_get", [], attributes=["type"])
    second = [f for f in SECOND_STORE_FIELDS.get(model, ()) if f in present]
    return ["store_id", *second]


def _ids_of_store_documents(client, model, store_id, fields):
    """Documents of which the store is one of the stores (``fields``)."""
    domain = ["|"] * (len(fields) - 1) + [(field, "=", store_id) for field in fields]
    return set(client.search(model, domain))


def _store_assignment_entries(client, user_id, after_id):
    return client.search_read(
        "multistore.access.log",
        [("user_id", "=", user_id), ("kind", "=", "stores"), ("id", ">", after_id)],
        ["author_id", "value_before", "value_after"],
    )


def _last_log_id(client):
    last = client.search("multistore.access.log", [], limit=1, order="id desc")
    return last[0] if last else 0


# --- logins ------------------------------------------------------------------


@pytest.mark.parametrize("login", sorted(STORE_USERS))
def test_store_user_logs_in_and_reads_own_stores(rpc, store_ids, login):
    client = rpc(login)
    [me] = client.read("res.users", [client.uid], ["login", "store_ids", "store_id"])
    assert me["login"] == login
    code = STORE_USERS[login]
    assert me["store_ids"] == [store_ids[code]]
    assert _m2o_id(me["store_id"]) == store_ids[code]
    assert code in me["store_id"][1]


@pytest.mark.parametrize(
    ("login", "password"),
    [("chain.manager", "chain.manager"), ("admin", "admin")],
)
def test_chain_manager_logs_in_and_reads_own_stores(rpc, login, password):
    client = rpc(login, password)
    [me] = client.read("res.users", [client.uid], ["login", "store_ids", "store_id"])
    assert me["login"] == login
    assert isinstance(me["store_ids"], list)
    assert client.call(
        "res.users", "has_group", [client.uid], "multistore_base.group_chain_manager"
    )


def test_wrong_password_is_refused(odoo_server):
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    assert not common.authenticate(odoo_server.db, "sh01.staff", "wrong", {})


# --- store scoping -----------------------------------------------------------


def test_store_master_data_is_chain_wide(rpc):
    stores = rpc("sh01.staff").search_read("multistore.store", [], ["code"])
    assert {"CWH", *RETAIL_STORES} <= {store["code"] for store in stores}


@pytest.mark.parametrize("model", STORE_DOCUMENTS)
def test_store_staff_sees_only_own_store_documents(rpc, store_ids, model):
    staff = rpc("sh01.staff")
    chain = rpc("chain.manager")
    fields = _store_fields(chain, model)
    records = staff.search_read(model, [], fields)
    foreign = [
        r for r in records if store_ids["SH01"] not in {_m2o_id(r[f]) for f in fields}
    ]
    assert not foreign, f"sh01.staff sees {model} of other stores: {foreign}"
    # Exactly the SH01 documents a chain manager sees, not a subset.
    expected = _ids_of_store_documents(chain, model, store_ids["SH01"], fields)
    assert {r["id"] for r in records} == expected


@pytest.mark.parametrize("model", ("pos.order", "pos.session", "pos.config"))
def test_demo_has_till_documents_in_every_retail_store(rpc, store_ids, model):
    chain = rpc("chain.manager")
    for code in RETAIL_STORES:
        assert _ids_by_store(chain, model, store_ids[code]), f"no {model} in {code}"
    assert rpc("sh01.staff").search(model, []), f"sh01.staff sees no {model}"


@pytest.mark.parametrize("model", ("pos.order", "pos.session", "pos.config"))
def test_store_staff_cannot_read_other_store_record_by_id(rpc, store_ids, model):
    chain = rpc("chain.manager")
    foreign_ids = chain.search(model, [("store_id", "=", store_ids["BJ01"])], limit=1)
    assert foreign_ids, f"demo has no {model} in BJ01"
    with pytest.raises(xmlrpc.client.Fault) as fault:
        rpc("sh01.staff").read(model, foreign_ids, ["name", "store_id"])
    assert fault.value.faultCode == FAULT_ACCESS_ERROR, fault.value.faultString
    assert "access" in fault.value.faultString.lower()


def test_chain_manager_sees_orders_of_every_retail_store(rpc, store_ids):
    orders = rpc("chain.manager").search_read("pos.order", [], ["store_id"])
    seen = {_m2o_id(order["store_id"]) for order in orders}
    assert {store_ids[code] for code in RETAIL_STORES} <= seen


def test_store_staff_cannot_read_access_audit(rpc):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        rpc("sh01.staff").search_read("multistore.access.log", [], ["user_id"])
    assert fault.value.faultCode == FAULT_ACCESS_ERROR, fault.value.faultString


# --- current store -------------------------------------------------------------


def test_store_staff_switches_current_store_only_to_allowed_store(rpc, store_ids):
    staff = rpc("sh01.staff")
    assert staff.write("res.users", [staff.uid], {"store_id": store_ids["SH01"]})
    with pytest.raises(xmlrpc.client.Fault) as fault:
        staff.write("res.users", [staff.uid], {"store_id": store_ids["BJ01"]})
    assert fault.value.faultCode == FAULT_USER_ERROR, fault.value.faultString
    assert "allowed stores" in fault.value.faultString
    [me] = staff.read("res.users", [staff.uid], ["store_id"])
    assert _m2o_id(me["store_id"]) == store_ids["SH01"]


def test_store_staff_switches_store_from_systray_only_to_allowed_store(rpc, store_ids):
    staff = rpc("sh01.staff")
    assert staff.call(
        "res.users", "action_switch_store", [staff.uid], store_ids["SH01"]
    )
    with pytest.raises(xmlrpc.client.Fault) as fault:
        staff.call("res.users", "action_switch_store", [staff.uid], store_ids["BJ01"])
    # Not one of the user's stores: refused as an access error.
    assert fault.value.faultCode == FAULT_ACCESS_ERROR, fault.value.faultString
    [me] = staff.read("res.users", [staff.uid], ["store_id"])
    assert _m2o_id(me["store_id"]) == store_ids["SH01"]


def test_store_staff_cannot_grant_themselves_a_store(rpc, store_ids):
    staff = rpc("sh01.staff")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        staff.write("res.users", [staff.uid], {"store_ids": [(4, store_ids["BJ01"])]})
    assert fault.value.faultCode == FAULT_ACCESS_ERROR, fault.value.faultString
    [me] = staff.read("res.users", [staff.uid], ["store_ids"])
    assert me["store_ids"] == [store_ids["SH01"]]


# --- store creation --------------------------------------------------------------


def test_chain_manager_cannot_create_store_with_duplicate_code(rpc):
    chain = rpc("chain.manager")
    vals = {"name": "E2E Online Shop", "code": "E2E-WEB", "store_type": "online"}
    store_id = chain.create("multistore.store", vals)
    try:
        with pytest.raises(xmlrpc.client.Fault) as fault:
            chain.create("multistore.store", dict(vals, name="E2E Online Shop 2"))
        assert "code" in fault.value.faultString, fault.value.faultString
        with pytest.raises(xmlrpc.client.Fault) as fault:
            chain.create(
                "multistore.store",
                {"name": "Second Shanghai", "code": "SH01", "store_type": "online"},
            )
        assert "code" in fault.value.faultString, fault.value.faultString
        assert len(chain.search("multistore.store", [("code", "=", "SH01")])) == 1
    finally:
        chain.call("multistore.store", "unlink", [store_id])


def test_retail_store_needs_a_warehouse(rpc):
    chain = rpc("chain.manager")
    vals = {"name": "E2E No Stock", "code": "E2E-NOWH", "store_type": "retail"}
    with pytest.raises(xmlrpc.client.Fault) as fault:
        store_id = chain.create("multistore.store", vals)
        chain.call("multistore.store", "unlink", [store_id])
    assert fault.value.faultCode == FAULT_USER_ERROR, fault.value.faultString
    assert "warehouse" in fault.value.faultString
    assert not chain.search(
        "multistore.store", [("code", "=", "E2E-NOWH")], context={"active_test": False}
    )


# --- store assignment: immediate effect and audit ------------------------------


def test_admin_assigns_store_and_user_sees_it_at_once(rpc, admin, store_ids, user_ids):
    sh01 = store_ids["SH01"]
    bj01_staff = rpc("bj01.staff")
    chain = rpc("chain.manager")
    sh01_orders = _ids_by_store(chain, "pos.order", sh01)
    assert sh01_orders
    # The user's store rules are evaluated (and cached) before the change.
    assert not bj01_staff.search("pos.order", [("store_id", "=", sh01)])
    last_log = _last_log_id(chain)

    admin.write("res.users", [bj01_staff.uid], {"store_ids": [(4, sh01)]})
    try:
        assert set(bj01_staff.search("pos.order", [("store_id", "=", sh01)])) == (
            sh01_orders
        )
        entries = _store_assignment_entries(chain, bj01_staff.uid, last_log)
        assert len(entries) == 1, entries
        assert _m2o_id(entries[0]["author_id"]) == user_ids["admin"]
        assert "SH01" not in (entries[0]["value_before"] or "")
        assert "SH01" in entries[0]["value_after"]
        assert "BJ01" in entries[0]["value_after"]
    finally:
        admin.write("res.users", [bj01_staff.uid], {"store_ids": [(3, sh01)]})
    assert not bj01_staff.search("pos.order", [("store_id", "=", sh01)])
    [me] = bj01_staff.read("res.users", [bj01_staff.uid], ["store_ids", "store_id"])
    assert me["store_ids"] == [store_ids["BJ01"]]
    assert _m2o_id(me["store_id"]) == store_ids["BJ01"]


def test_chain_manager_staffs_store_and_user_sees_it_at_once(rpc, store_ids):
    sh01 = store_ids["SH01"]
    gz01_staff = rpc("gz01.staff")
    chain = rpc("chain.manager")
    sh01_orders = _ids_by_store(chain, "pos.order", sh01)
    assert not gz01_staff.search("pos.order", [("store_id", "=", sh01)])
    last_log = _last_log_id(chain)

    # Staffing a store from its form: chain managers have no admin rights.
    chain.write("multistore.store", [sh01], {"user_ids": [(4, gz01_staff.uid)]})
    try:
        assert set(gz01_staff.search("pos.order", [("store_id", "=", sh01)])) == (
            sh01_orders
        )
        entries = _store_assignment_entries(chain, gz01_staff.uid, last_log)
        assert len(entries) == 1, entries
        assert _m2o_id(entries[0]["author_id"]) == chain.uid
        assert "SH01" in entries[0]["value_after"]
    finally:
        chain.write("multistore.store", [sh01], {"user_ids": [(3, gz01_staff.uid)]})
    assert not gz01_staff.search("pos.order", [("store_id", "=", sh01)])
    entries = _store_assignment_entries(chain, gz01_staff.uid, last_log)
    assert len(entries) == 2, entries
    [me] = gz01_staff.read("res.users", [gz01_staff.uid], ["store_ids", "store_id"])
    assert me["store_ids"] == [store_ids["GZ01"]]
    assert _m2o_id(me["store_id"]) == store_ids["GZ01"]


# --- documents created by store staff ---------------------------------------------


def test_store_staff_quotation_belongs_to_current_store(rpc, admin, store_ids):
    staff = rpc("sh01.staff")
    [store] = staff.read(
        "multistore.store", [store_ids["SH01"]], ["warehouse_id", "pricelist_id"]
    )
    partner_ids = staff.search("res.partner", [("is_company", "=", True)], limit=1)
    product_ids = staff.search(
        "product.product", [("default_code", "=", "TEA-001")], limit=1
    )
    assert partner_ids and product_ids
    order_id = staff.create(
        "sale.order",
        {
            "partner_id": partner_ids[0],
            "order_line": [
                (0, 0, {"product_id": product_ids[0], "product_uom_qty": 2})
            ],
        },
    )
    try:
        [order] = staff.read(
            "sale.order", [order_id], ["store_id", "warehouse_id", "pricelist_id"]
        )
        assert _m2o_id(order["store_id"]) == store_ids["SH01"]
        assert _m2o_id(order["warehouse_id"]) == _m2o_id(store["warehouse_id"])
        if store["pricelist_id"]:
            assert _m2o_id(order["pricelist_id"]) == _m2o_id(store["pricelist_id"])

        staff.call("sale.order", "action_confirm", [order_id])
        pickings = staff.search_read(
            "stock.picking", [("sale_id", "=", order_id)], ["store_id"]
        )
        assert pickings, "confirming the quotation made no delivery"
        assert {_m2o_id(p["store_id"]) for p in pickings} == {store_ids["SH01"]}

        other = rpc("bj01.staff")
        assert not other.search("sale.order", [("id", "=", order_id)])
        assert not other.search("stock.picking", [("sale_id", "=", order_id)])
        with pytest.raises(xmlrpc.client.Fault) as fault:
            other.read("sale.order", [order_id], ["name"])
        assert fault.value.faultCode == FAULT_ACCESS_ERROR, fault.value.faultString
    finally:
        admin.call("sale.order", "action_cancel", [order_id])


# --- store managers ----------------------------------------------------------------


def test_store_manager_edits_only_own_store(rpc, store_ids):
    manager = rpc("sh01.manager")
    [before] = manager.read("multistore.store", [store_ids["SH01"]], ["phone", "color"])
    assert manager.write("multistore.store", [store_ids["SH01"]], {"color": 3})
    try:
        [after] = manager.read("multistore.store", [store_ids["SH01"]], ["color"])
        assert after["color"] == 3
    finally:
        manager.write(
            "multistore.store", [store_ids["SH01"]], {"color": before["color"]}
        )
    with pytest.raises(xmlrpc.client.Fault) as fault:
        manager.write("multistore.store", [store_ids["BJ01"]], {"color": 3})
    assert fault.value.faultCode == FAULT_ACCESS_ERROR, fault.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as fault:
        manager.create(
            "multistore.store",
            {"name": "E2E Manager Shop", "code": "E2E-MGR", "store_type": "online"},
        )
    assert fault.value.faultCode == FAULT_ACCESS_ERROR, fault.value.faultString
