"""Security from outside (issue #10, classes 2, 8, 9 and 10): workflow fields
written directly instead of through the buttons, group rules that let a
store manager touch what belongs to the chain or to other stores, public
methods without a role check, and the store lifecycle.

Demo transfers: CWH -> BJ01 requested (waiting for the central warehouse's
approval), GZ01 -> SH01 shipped (in transit). Every probe expects a clear
refusal and re-reads the data as admin to see that nothing changed.

Over 400 lines on purpose: one suite per class of the security issue, each
probe a few lines, all sharing the demo documents and helpers set up here.
"""

import uuid
from datetime import date, timedelta

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

TRANSFER_FIELDS = [
    "state",
    "source_store_id",
    "dest_store_id",
    "approved_by_id",
    "shipped_by_id",
    "received_by_id",
    "picking_ids",
]
LINE_FIELDS = ["qty_requested", "qty_shipped", "qty_received"]
PRICE_CHANGE_FIELDS = ["state", "approved_by_id", "new_price", "store_ids", "scope"]


def _product(client, code):
    [product] = client.search("product.product", [("default_code", "=", code)])
    return product


def _in_days(days):
    return (date.today() + timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def transfers(admin, store_ids):
    """The demo's transfers waiting for approval and in transit."""

    def find(source, dest, state):
        ids = admin.search(
            "multistore.transfer",
            [
                ("source_store_id", "=", store_ids[source]),
                ("dest_store_id", "=", store_ids[dest]),
                ("state", "=", state),
            ],
            limit=1,
        )
        assert ids, f"the demo has no {state} transfer {source} -> {dest}"
        return ids[0]

    return {
        "requested": find("CWH", "BJ01", "requested"),
        "shipped": find("GZ01", "SH01", "shipped"),
    }


# --- class 2: workflow fields written directly --------------------------------


@pytest.mark.parametrize(
    ("login", "transfer", "vals"),
    [
        ("bj01.staff", "requested", {"state": "shipped"}),
        ("bj01.manager", "requested", {"state": "approved"}),
        ("bj01.manager", "requested", {"approved_by_id": "self"}),
        ("bj01.staff", "requested", {"source_store_id": "GZ01"}),
        ("chain.manager", "requested", {"state": "approved"}),
        ("sh01.staff", "shipped", {"state": "done"}),
        ("sh01.manager", "shipped", {"received_by_id": "self"}),
        ("gz01.manager", "shipped", {"dest_store_id": "BJ01"}),
    ],
    ids=[
        "staff-ships-own-request",
        "dest-manager-approves",
        "approver-forged",
        "source-moved-after-request",
        "chain-manager-state",
        "dest-staff-done-without-receipt",
        "receiver-forged",
        "destination-moved-in-transit",
    ],
)
def test_workflow_transfer_fields_written(
    rpc, refused, transfers, store_ids, login, transfer, vals
):
    """Class 2: a transfer's state, approver, receiver and stores change only
    through its buttons (a cashier wrote state='shipped' and got stock out
    of thin air)."""
    client = rpc(login)
    vals = {
        name: client.uid if value == "self" else store_ids.get(value, value)
        for name, value in vals.items()
    }
    transfer_id = transfers[transfer]
    with refused(watch=[("multistore.transfer", [transfer_id], TRANSFER_FIELDS)]):
        client.write("multistore.transfer", [transfer_id], vals)


@pytest.mark.parametrize(
    ("login", "vals"),
    [
        ("gz01.staff", {"qty_shipped": 100.0}),
        ("sh01.staff", {"qty_shipped": 100.0}),
        ("sh01.manager", {"qty_shipped": 0.0}),
    ],
    ids=["source-staff", "dest-staff", "dest-manager"],
)
def test_workflow_transfer_line_shipped_quantity(
    rpc, admin, refused, transfers, login, vals
):
    """Class 2: what was shipped is what the shipping picking moved."""
    lines = admin.search(
        "multistore.transfer.line", [("transfer_id", "=", transfers["shipped"])]
    )
    with refused(watch=[("multistore.transfer.line", lines, LINE_FIELDS)]):
        rpc(login).write("multistore.transfer.line", lines[:1], vals)


def test_workflow_transfer_created_in_transit(rpc, refused, store_ids):
    """Class 2: nor is a transfer created already in transit (the receipt
    would then take stock out of the transit location)."""
    marker = f"e2e-{uuid.uuid4()}"
    with refused(new=[("multistore.transfer", [("origin", "=", marker)])]):
        rpc("sh01.staff").create(
            "multistore.transfer",
            {
                "source_store_id": store_ids["GZ01"],
                "dest_store_id": store_ids["SH01"],
                "origin": marker,
                "state": "shipped",
            },
        )


@pytest.fixture
def own_count(rpc, admin, attempt, store_ids):
    """A stock count of SH01 started by its staff (the count flow of class 4)."""
    staff = rpc("sh01.staff")
    count = staff.create("multistore.stock.count", {"store_id": store_ids["SH01"]})
    yield count
    attempt(admin.call, "multistore.stock.count", "unlink", [count])


@pytest.mark.parametrize("state", ["done", "to_approve"])
def test_workflow_stock_count_state_written(rpc, refused, own_count, state):
    """Class 2: a count is posted (or sent for approval) by its buttons."""
    with refused(watch=[("multistore.stock.count", [own_count], ["state"])]):
        rpc("sh01.staff").write("multistore.stock.count", [own_count], {"state": state})


def test_stock_count_of_other_store(rpc, refused, store_ids):
    """Class 4: SH01's staff do not count (and so adjust) BJ01's stock."""
    with refused(
        new=[("multistore.stock.count", [("store_id", "=", store_ids["BJ01"])])]
    ):
        rpc("sh01.staff").create(
            "multistore.stock.count", {"store_id": store_ids["BJ01"]}
        )


def test_stock_count_blind_hides_expected_quantity(rpc, admin, attempt, store_ids):
    """Class 4: a blind count hides the expected quantity from the counter
    in the form; over RPC it stays hidden too (read, search, grouping)."""
    staff = rpc("sh01.staff")
    count = staff.create(
        "multistore.stock.count", {"store_id": store_ids["SH01"], "blind": True}
    )
    try:
        staff.call("multistore.stock.count", "action_start", [count])
        lines = admin.search("multistore.stock.count.line", [("count_id", "=", count)])
        assert lines, "the count sheet of SH01 has no line"
        expected = admin.read("multistore.stock.count.line", lines, ["qty_snapshot"])
        assert any(line["qty_snapshot"] for line in expected)
        for call in (
            lambda: staff.read("multistore.stock.count.line", lines, ["qty_snapshot"]),
            lambda: staff.search(
                "multistore.stock.count.line",
                [("count_id", "=", count), ("qty_snapshot", ">", 0)],
            ),
            lambda: staff.call(
                "multistore.stock.count.line",
                "read_group",
                [("count_id", "=", count)],
                ["qty_snapshot:sum"],
                ["product_id"],
            ),
        ):
            outcome = attempt(call)
            assert outcome.kind == "AccessError", (outcome.result, outcome.message)
        shown = staff.read(
            "multistore.stock.count.line", lines, ["qty_expected", "qty_difference"]
        )
        assert not any(line["qty_expected"] for line in shown), shown
    finally:
        attempt(admin.call, "multistore.stock.count", "action_cancel", [count])


def test_workflow_access_grant_state_written(rpc, admin, attempt, refused, store_ids):
    """Class 2: a temporary access becomes active on its dates (the
    scheduled action, audited), not by writing its state."""
    chain = rpc("chain.manager")
    grant = chain.create(
        "multistore.access.grant",
        {
            "user_id": rpc("gz01.staff").uid,
            "store_id": store_ids["SH01"],
            "date_from": f"{_in_days(30)} 08:00:00",
            "date_to": f"{_in_days(31)} 08:00:00",
            "reason": "e2e",
        },
    )
    try:
        with refused(watch=[("multistore.access.grant", [grant], ["state"])]):
            chain.write("multistore.access.grant", [grant], {"state": "active"})
    finally:
        attempt(admin.call, "multistore.access.grant", "action_cancel", [grant])


# --- class 8: group rules -----------------------------------------------------


def _price_change(client, stores, product_code, price, scope="stores"):
    vals = {
        "target": "product",
        "product_id": _product(client, product_code),
        "scope": scope,
        "price_mode": "fixed",
        "new_price": price,
        "reason": "competitor",
        "date_start": f"{_in_days(40)} 00:00:00",
        "date_end": f"{_in_days(41)} 00:00:00",
        "note": "e2e security",
    }
    if scope == "stores":
        vals["store_ids"] = [(6, 0, stores)]
    return client.create("multistore.price.change", vals)


@pytest.fixture
def own_submitted_change(rpc, admin, attempt, store_ids):
    """A price change of SH01 submitted by its manager, waiting for the chain."""
    manager = rpc("sh01.manager")
    change = _price_change(manager, [store_ids["SH01"]], "TEA-003", 96.0)
    manager.call("multistore.price.change", "action_submit", [change])
    yield change
    attempt(admin.call, "multistore.price.change", "action_cancel", [change])


@pytest.fixture
def chain_change(rpc, admin, attempt, store_ids):
    """A price change for SH01 and BJ01, submitted by the chain manager."""
    chain = rpc("chain.manager")
    change = _price_change(
        chain, [store_ids["SH01"], store_ids["BJ01"]], "TEA-004", 55.0
    )
    chain.call("multistore.price.change", "action_submit", [change])
    yield change
    attempt(admin.call, "multistore.price.change", "action_cancel", [change])


def test_group_rule_manager_self_approves_price_change(
    rpc, refused, own_submitted_change
):
    """Class 8: a store manager does not approve their own request by
    writing its state (approval is the chain manager's)."""
    manager = rpc("sh01.manager")
    watch = [("multistore.price.change", [own_submitted_change], PRICE_CHANGE_FIELDS)]
    with refused(watch=watch):
        manager.write(
            "multistore.price.change",
            [own_submitted_change],
            {"state": "approved", "approved_by_id": manager.uid},
        )


@pytest.mark.parametrize("how", ["through-request", "line-create"])
def test_group_rule_manager_adds_other_store_line_after_submission(
    rpc, admin, refused, store_ids, own_submitted_change, how
):
    """Class 8: after submission, no line for another store's price list
    slips into the request (the chain approval would apply it)."""
    manager = rpc("sh01.manager")
    [store] = admin.read("multistore.store", [store_ids["BJ01"]], ["pricelist_id"])
    line = {
        "product_id": _product(manager, "TEA-003"),
        "store_id": store_ids["BJ01"],
        "pricelist_id": store["pricelist_id"][0],
        "old_price": 98.0,
        "new_price": 1.0,
    }
    new = [
        (
            "multistore.price.change.line",
            [
                ("change_id", "=", own_submitted_change),
                ("store_id", "=", store_ids["BJ01"]),
            ],
        )
    ]
    with refused(new=new):
        if how == "through-request":
            manager.write(
                "multistore.price.change",
                [own_submitted_change],
                {"line_ids": [(0, 0, line)]},
            )
        else:
            manager.create(
                "multistore.price.change.line",
                dict(line, change_id=own_submitted_change),
            )


def test_group_rule_manager_edits_other_store_line_of_chain_request(
    rpc, admin, refused, store_ids, chain_change
):
    """Class 8: in a chain manager's request for SH01 and BJ01, the line of
    BJ01's price list is not SH01's to edit."""
    lines = admin.search(
        "multistore.price.change.line",
        [("change_id", "=", chain_change), ("store_id", "=", store_ids["BJ01"])],
    )
    assert lines, "the chain request has no line for BJ01"
    with refused(watch=[("multistore.price.change.line", lines, ["new_price"])]):
        rpc("sh01.manager").write(
            "multistore.price.change.line", lines, {"new_price": 1.0}
        )


def test_group_rule_manager_edits_request_shared_with_other_store(
    rpc, admin, attempt, refused, store_ids
):
    """Class 8: a draft request for SH01 and BJ01 is not SH01's alone: its
    manager does not edit it (a manager edits drafts whose stores are all
    theirs)."""
    change = _price_change(
        rpc("chain.manager"), [store_ids["SH01"], store_ids["BJ01"]], "TEA-001", 86.0
    )
    try:
        watch = [("multistore.price.change", [change], PRICE_CHANGE_FIELDS)]
        with refused(watch=watch):
            rpc("sh01.manager").write(
                "multistore.price.change", [change], {"new_price": 1.0}
            )
    finally:
        attempt(admin.call, "multistore.price.change", "unlink", [change])


@pytest.fixture(scope="module")
def shared_event(rpc, admin, attempt, store_ids):
    """A demand event of the chain for SH01 and BJ01."""
    event = rpc("chain.manager").create(
        "multistore.demand.event",
        {
            "name": "e2e two-store promotion",
            "date_from": _in_days(20),
            "date_to": _in_days(22),
            "store_ids": [(6, 0, [store_ids["SH01"], store_ids["BJ01"]])],
            "uplift": 2.0,
        },
    )
    yield event
    attempt(admin.call, "multistore.demand.event", "unlink", [event])


def test_group_rule_manager_edits_shared_demand_event(rpc, refused, shared_event):
    """Class 8: a store manager does not change the uplift of an event that
    other stores share."""
    watch = [("multistore.demand.event", [shared_event], ["uplift", "store_ids"])]
    with refused(watch=watch):
        rpc("sh01.manager").write(
            "multistore.demand.event", [shared_event], {"uplift": 9.0}
        )


def test_group_rule_manager_edits_chain_demand_event(rpc, admin, refused):
    """Class 8: nor of the chain's own events (no store listed: every store)."""
    events = admin.search("multistore.demand.event", [("store_ids", "=", False)])
    assert events, "the demo has no chain-wide demand event"
    watch = [("multistore.demand.event", events[:1], ["uplift", "store_ids"])]
    with refused(watch=watch):
        rpc("sh01.manager").write(
            "multistore.demand.event", events[:1], {"uplift": 9.0}
        )


# --- class 9: public methods --------------------------------------------------


@pytest.mark.parametrize(
    ("login", "model", "method", "args"),
    [
        ("sh01.staff", "multistore.sales.fact", "action_rebuild_facts", []),
        ("sh01.manager", "multistore.sales.fact", "action_rebuild_facts", []),
        ("sh01.staff", "multistore.sales.fact", "action_refresh_facts", []),
        ("sh01.staff", "multistore.setup.wizard", "action_run", [[]]),
        ("sh01.manager", "multistore.setup.wizard", "action_run", [[]]),
        ("sh01.staff", "multistore.forecast", "action_run_forecast", []),
    ],
)
def test_public_method_needs_role(rpc, refused, login, model, method, args):
    """Class 9: a cashier does not rebuild the chain's figures (it truncates
    every fact table), run the setup or the forecast."""
    with refused():
        rpc(login).call(model, method, *args)


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_public_method_chain_planner_needs_role(rpc, refused, login):
    """Class 9: the chain planner (transfers and purchases for every store)
    is not a store's to run."""
    with refused(new=[("multistore.transfer", [])]):
        rpc(login).call("multistore.replenishment", "action_run_planner")


@pytest.mark.parametrize(
    ("method", "args"),
    [("action_fill_received", []), ("action_scan", ["6901234500042"])],
)
def test_public_method_receiving_is_the_destination_store(
    rpc, admin, refused, transfers, method, args
):
    """Class 9: the source store does not receive what it shipped."""
    lines = admin.search(
        "multistore.transfer.line", [("transfer_id", "=", transfers["shipped"])]
    )
    with refused(watch=[("multistore.transfer.line", lines, LINE_FIELDS)]):
        rpc("gz01.staff").call(
            "multistore.transfer", method, [transfers["shipped"]], *args
        )


# --- class 10: store lifecycle ------------------------------------------------


@pytest.fixture(scope="module")
def doomed_store(admin, web):
    """A store of its own (warehouse, till with an open session, quotation)
    for the lifecycle probes: on code that accepts them, they archive or
    delete it, not a demo store."""
    code = f"Z{uuid.uuid4().hex[:3].upper()}"
    warehouse = admin.create(
        "stock.warehouse", {"name": f"E2E Doomed {code}", "code": code}
    )
    store = admin.create(
        "multistore.store",
        {
            "name": f"E2E Doomed {code}",
            "code": f"E2E-{code}",
            "store_type": "retail",
            "warehouse_id": warehouse,
        },
    )
    config = admin.create(
        "pos.config", {"name": f"E2E Doomed Till {code}", "store_id": store}
    )
    session = admin.create("pos.session", {"config_id": config})
    web("admin", "admin").call("pos.session", "set_opening_control", [session], 0, "")
    [partner] = admin.search("res.partner", [("is_company", "=", True)], limit=1)
    order = admin.create("sale.order", {"partner_id": partner, "store_id": store})
    return {"store": store, "session": session, "order": order}


def test_store_lifecycle_archive_with_open_session(rpc, admin, refused, doomed_store):
    """Class 10: a store with an open till session is not archived."""
    [session] = admin.read("pos.session", [doomed_store["session"]], ["state"])
    assert session["state"] == "opened"
    with refused(watch=[("multistore.store", [doomed_store["store"]], ["active"])]):
        rpc("chain.manager").write(
            "multistore.store", [doomed_store["store"]], {"active": False}
        )


def test_store_lifecycle_delete_with_documents(rpc, refused, doomed_store):
    """Class 10: a store with orders and tills is not deleted (its
    documents would lose their store and vanish for store users)."""
    watch = [
        ("multistore.store", [doomed_store["store"]], ["name"]),
        ("sale.order", [doomed_store["order"]], ["store_id"]),
        ("pos.session", [doomed_store["session"]], ["store_id"]),
    ]
    with refused(watch=watch):
        rpc("chain.manager").call("multistore.store", "unlink", [doomed_store["store"]])
