"""Security from outside (issue #10, classes 1, 3 and 4): a store employee of
store A attacks store B's documents over XML-RPC, JSON-RPC and the web
client's ``call_kw``, moves documents into store B, and adjusts store B's
stock. Every probe expects a clear refusal (AccessError, UserError,
ValidationError) and re-reads the data as admin to see that nothing changed.

Attackers and victims run in a ring over the demo chain: SH01 attacks BJ01,
BJ01 attacks GZ01, GZ01 attacks SH01, each with its staff and its manager.

Over 400 lines on purpose: one suite per class of the security issue, each
probe a few lines, all sharing the ring of attackers and victims set up here.
"""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

# (attacker login, victim store code)
ATTACKS = (
    ("sh01.staff", "BJ01"),
    ("sh01.manager", "BJ01"),
    ("bj01.staff", "GZ01"),
    ("bj01.manager", "GZ01"),
    ("gz01.staff", "SH01"),
    ("gz01.manager", "SH01"),
)
REPORT_MODELS = (
    "multistore.sales.fact",
    "multistore.store.day.fact",
    "multistore.category.day.fact",
    "multistore.category.month.fact",
    "multistore.stock.month.fact",
    "multistore.store.ranking",
    "multistore.best.seller",
    "multistore.weekly.trend",
    "multistore.store.pnl",
    "multistore.inventory.turnover",
    "multistore.slow.stock",
    "multistore.supplier.scorecard",
    "multistore.budget.report",
    "multistore.store.dashboard",
)
# Documents of a store, as admin finds them: model -> domain of store ``s``
# (``s`` holds the store's id, warehouse, ... and ``attacker_store_ids``).
STORE_DOCUMENTS = {
    "pos.order": lambda s: [("store_id", "=", s["id"])],
    "pos.order.line": lambda s: [("order_id.store_id", "=", s["id"])],
    "pos.payment": lambda s: [("pos_order_id.store_id", "=", s["id"])],
    "pos.session": lambda s: [("store_id", "=", s["id"])],
    "report.pos.order": lambda s: [("config_id.store_id", "=", s["id"])],
    "sale.order": lambda s: [("store_id", "=", s["id"])],
    "sale.report": lambda s: [("warehouse_id", "=", s["warehouse_id"])],
    "account.move": lambda s: [
        ("invoice_line_ids.sale_line_ids.order_id.store_id", "=", s["id"])
    ],
    "account.move.line": lambda s: [("sale_line_ids.order_id.store_id", "=", s["id"])],
    "stock.picking": lambda s: [("store_id", "=", s["id"]), ("state", "=", "done")],
    "stock.move": lambda s: [
        ("picking_id.store_id", "=", s["id"]),
        ("state", "=", "done"),
    ],
    "stock.move.line": lambda s: [
        ("picking_id.store_id", "=", s["id"]),
        ("state", "=", "done"),
    ],
    "multistore.transfer": lambda s: [
        "|",
        ("source_store_id", "=", s["id"]),
        ("dest_store_id", "=", s["id"]),
        ("source_store_id", "not in", s["attacker_store_ids"]),
        ("dest_store_id", "not in", s["attacker_store_ids"]),
    ],
    "multistore.transfer.line": lambda s: [
        "|",
        ("transfer_id.source_store_id", "=", s["id"]),
        ("transfer_id.dest_store_id", "=", s["id"]),
        ("transfer_id.source_store_id", "not in", s["attacker_store_ids"]),
        ("transfer_id.dest_store_id", "not in", s["attacker_store_ids"]),
    ],
    "loyalty.history": lambda s: [("store_id", "=", s["id"])],
    "multistore.budget": lambda s: [("store_id", "=", s["id"])],
    # Customers' figures per store (multistore_crm) and satisfaction answers
    # (multistore_omnichannel_survey).
    "multistore.customer.store.fact": lambda s: [("store_id", "=", s["id"])],
    "survey.user_input": lambda s: [("store_id", "=", s["id"])],
    # Service tickets (multistore_helpdesk).
    "helpdesk.ticket": lambda s: [("store_id", "=", s["id"])],
    **{model: (lambda s: [("store_id", "=", s["id"])]) for model in REPORT_MODELS},
}
# The models the issue found open to every store (class 1).
LEAKED_MODELS = (
    "pos.payment",
    "report.pos.order",
    "sale.report",
    "account.move",
    "account.move.line",
    "stock.move",
    "stock.move.line",
    "loyalty.history",
)
# Models that carried a store rule before the issue: probed by one store
# only, to keep them scoped.
SCOPED_MODELS = sorted(set(STORE_DOCUMENTS) - set(LEAKED_MODELS))
# Who probes a scoped model: store staff, or the store role that may read the
# model at all (store staff have no access to survey answers).
SCOPED_ATTACKERS = {"survey.user_input": "sh01.manager"}
# Writes a store employee may try on another store's documents:
# model -> (values, fields to watch).
FOREIGN_WRITES = {
    "stock.move": ({"origin": "e2e forged"}, ["origin"]),
    "loyalty.history": ({"issued": 99999.0}, ["issued", "used"]),
}


@pytest.fixture(scope="module")
def stores(admin, store_ids):
    """{code: store facts} with the warehouse and its stock location."""
    result = {}
    for code, store_id in store_ids.items():
        [store] = admin.read("multistore.store", [store_id], ["warehouse_id"])
        facts = {"id": store_id, "code": code, "warehouse_id": False}
        if store["warehouse_id"]:
            [warehouse] = admin.read(
                "stock.warehouse", [store["warehouse_id"][0]], ["lot_stock_id"]
            )
            facts["warehouse_id"] = warehouse["id"]
            facts["stock_location_id"] = warehouse["lot_stock_id"][0]
        result[code] = facts
    return result


@pytest.fixture(scope="module")
def quotations(rpc, web):
    """A quotation and an invoiced order of each retail store, made by its
    staff (the demo's own sales orders belong to no store)."""
    orders = {}
    for code in ("SH01", "BJ01", "GZ01"):
        staff = rpc(f"{code.lower()}.staff")
        [partner] = staff.search("res.partner", [("is_company", "=", True)], limit=1)
        [product] = staff.search(
            "product.product", [("default_code", "=", "TEA-002")], limit=1
        )
        order_ids = [
            staff.create(
                "sale.order",
                {
                    "partner_id": partner,
                    "client_order_ref": f"e2e security {code} {kind}",
                    "order_line": [
                        (0, 0, {"product_id": product, "product_uom_qty": 1})
                    ],
                },
            )
            for kind in ("quotation", "invoiced")
        ]
        orders[code] = order_ids[0]
        # The invoice: the order confirmed by the staff, invoiced by admin
        # (store staff have no invoicing rights).
        staff.call("sale.order", "action_confirm", order_ids[1:])
        admin = web("admin", "admin")  # answers hold None: not for XML-RPC
        wizard = admin.call(
            "sale.advance.payment.inv",
            "create",
            {"advance_payment_method": "delivered"},
            context={"active_model": "sale.order", "active_ids": order_ids[1:]},
        )
        admin.call(
            "sale.advance.payment.inv",
            "create_invoices",
            [wizard],
            context={"active_model": "sale.order", "active_ids": order_ids[1:]},
        )
    return orders


def _plain_field(admin, model):
    """A stored field of ``model`` that reads no other record: reading it
    tests the rules of ``model`` alone (``display_name`` may read the
    record's picking or order and be refused for *their* rules)."""
    fields = admin.call(model, "fields_get", attributes=["type", "store"])
    for name in ("create_date", "date", "date_order"):
        if name in fields and fields[name]["store"]:
            return name
    return next(
        name
        for name, field in sorted(fields.items())
        if field["store"] and field["type"] in ("float", "integer", "char", "date")
    )


def _victim_ids(admin, stores, rpc, login, code, model, limit=3):
    attacker = rpc(login)
    [me] = attacker.read("res.users", [attacker.uid], ["store_ids"])
    facts = dict(stores[code], attacker_store_ids=me["store_ids"])
    ids = admin.search(model, STORE_DOCUMENTS[model](facts), limit=limit)
    assert ids, f"the demo has no {model} of {code} to attack"
    return ids


# --- class 1: another store's documents ---------------------------------------


def _probe_read(admin, stores, refused, attacker, victim, model):
    [me] = attacker.read("res.users", [attacker.uid], ["store_ids"])
    facts = dict(stores[victim], attacker_store_ids=me["store_ids"])
    ids = admin.search(model, STORE_DOCUMENTS[model](facts), limit=3)
    assert ids, f"the demo has no {model} of {victim} to attack"
    found = attacker.search(model, STORE_DOCUMENTS[model](facts))
    assert not found, f"{attacker.login} finds {model} {found} of {victim}"
    if "store_id" in admin.call(model, "fields_get", ["store_id"]):
        # Figures per store (the pivot views): none of the victim's.
        groups = attacker.call(
            model, "read_group", [], ["store_id"], ["store_id"], lazy=False
        )
        stores = {g["store_id"][0] for g in groups if g["store_id"]}
        assert facts["id"] not in stores, f"{attacker.login} groups {model} of {victim}"
    with refused(allow=("AccessError",)):
        attacker.read(model, ids, [_plain_field(admin, model)])


@pytest.mark.usefixtures("quotations")
@pytest.mark.parametrize("model", LEAKED_MODELS)
@pytest.mark.parametrize(("login", "victim"), ATTACKS)
def test_scoping_read_other_store(rpc, admin, stores, refused, login, victim, model):
    """Class 1: store A neither finds nor reads store B's documents."""
    _probe_read(admin, stores, refused, rpc(login), victim, model)


@pytest.mark.usefixtures("quotations")
@pytest.mark.parametrize("model", SCOPED_MODELS)
def test_scoping_read_other_store_stays_refused(rpc, admin, stores, refused, model):
    """Class 1, models that carried a store rule before the issue: they
    stay scoped (regression guard; these passed before the fixes)."""
    attacker = rpc(SCOPED_ATTACKERS.get(model, "sh01.staff"))
    _probe_read(admin, stores, refused, attacker, "BJ01", model)


@pytest.mark.usefixtures("quotations")
@pytest.mark.parametrize("model", LEAKED_MODELS)
@pytest.mark.parametrize("transport", ["jsonrpc", "call_kw"])
def test_scoping_read_other_store_over_json(
    rpc, connect, admin, stores, refused, transport, model
):
    """Class 1 over JSON-RPC and the web client's call_kw: same refusals."""
    ids = _victim_ids(admin, stores, rpc, "sh01.staff", "BJ01", model)
    attacker = connect("sh01.staff", transport)
    with refused(allow=("AccessError",)):
        attacker.call(model, "read", ids, [_plain_field(admin, model)])


@pytest.mark.parametrize("model", sorted(FOREIGN_WRITES))
@pytest.mark.parametrize(("login", "victim"), ATTACKS)
def test_scoping_write_other_store(rpc, admin, stores, refused, login, victim, model):
    """Class 1: store A does not change store B's documents."""
    ids = _victim_ids(admin, stores, rpc, login, victim, model, limit=1)
    vals, fields = FOREIGN_WRITES[model]
    with refused(watch=[(model, ids, fields)]):
        rpc(login).write(model, ids, vals)


@pytest.mark.parametrize("transport", ["xmlrpc", "jsonrpc", "call_kw"])
@pytest.mark.parametrize(("login", "victim"), ATTACKS[:2])
def test_scoping_unlink_other_store_payment(
    rpc, connect, admin, stores, refused, login, victim, transport
):
    """Class 1: store A does not delete the payments of store B's paid
    orders."""
    ids = _victim_ids(admin, stores, rpc, login, victim, "pos.payment", limit=1)
    with refused(watch=[("pos.payment", ids, ["amount", "pos_order_id"])]):
        connect(login, transport).call("pos.payment", "unlink", ids)


def test_scoping_stock_quantities_stay_chain_wide(rpc, admin, stores):
    """The chain-wide decision: a cashier reads another store's quantities
    (to send a customer there); the probes above must not take it away."""
    domain = [("location_id", "=", stores["BJ01"]["stock_location_id"])]
    expected = admin.search_read("stock.quant", domain, ["product_id", "quantity"])
    seen = rpc("sh01.staff").search_read(
        "stock.quant", domain, ["product_id", "quantity"]
    )
    assert expected
    assert sorted(map(str, seen)) == sorted(map(str, expected))


# --- class 3: store_id rewritten ----------------------------------------------


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_store_move_own_quotation_to_other_store(
    rpc, refused, quotations, store_ids, login
):
    """Class 3: a quotation of SH01 is not moved into BJ01."""
    order = quotations["SH01"]
    with refused(watch=[("sale.order", [order], ["store_id", "warehouse_id"])]):
        rpc(login).write("sale.order", [order], {"store_id": store_ids["BJ01"]})


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager", "chain.manager"])
def test_store_move_paid_pos_order_to_other_store(
    rpc, admin, refused, store_ids, login
):
    """Class 3: a paid till order keeps its store (its revenue stays there)."""
    orders = admin.search(
        "pos.order",
        [
            ("store_id", "=", store_ids["SH01"]),
            ("state", "in", ["paid", "done"]),
            ("amount_total", ">", 0),
        ],
        limit=1,
    )
    assert orders
    with refused(watch=[("pos.order", orders, ["store_id", "session_id"])]):
        rpc(login).write("pos.order", orders, {"store_id": store_ids["BJ01"]})


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager", "chain.manager"])
def test_store_move_done_picking_to_other_store(rpc, admin, refused, store_ids, login):
    """Class 3: a done picking keeps its store."""
    pickings = admin.search(
        "stock.picking",
        [("store_id", "=", store_ids["SH01"]), ("state", "=", "done")],
        limit=1,
    )
    assert pickings
    with refused(watch=[("stock.picking", pickings, ["store_id"])]):
        rpc(login).write("stock.picking", pickings, {"store_id": store_ids["BJ01"]})


def test_store_move_budget_to_other_store(rpc, admin, attempt, refused, store_ids):
    """Class 3: a store manager does not move a budget into another store."""
    manager = rpc("sh01.manager")
    budget = manager.create(
        "multistore.budget",
        {"store_id": store_ids["SH01"], "date": "2020-01-01", "amount": 1000.0},
    )
    try:
        with refused(watch=[("multistore.budget", [budget], ["store_id"])]):
            manager.write(
                "multistore.budget", [budget], {"store_id": store_ids["BJ01"]}
            )
    finally:
        attempt(admin.call, "multistore.budget", "unlink", [budget])


# --- class 4: stock -----------------------------------------------------------


@pytest.fixture
def foreign_quant(admin, stores):
    """A quant of a demo product in BJ01's stock."""
    quants = admin.search(
        "stock.quant",
        [
            ("location_id", "=", stores["BJ01"]["stock_location_id"]),
            ("product_id.default_code", "=", "TEA-001"),
        ],
        limit=1,
    )
    assert quants
    return quants[0]


QUANT_FIELDS = ["quantity", "inventory_quantity", "inventory_quantity_set"]


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_stock_count_other_store_quant(rpc, refused, foreign_quant, login):
    """Class 4: no count entered on another store's stock."""
    with refused(watch=[("stock.quant", [foreign_quant], QUANT_FIELDS)]):
        rpc(login).call(
            "stock.quant",
            "write",
            [foreign_quant],
            {"inventory_quantity": 9999},
            context={"inventory_mode": True},
        )


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_stock_create_quant_in_other_store(rpc, admin, refused, stores, login):
    """Class 4: nor through a new quant (Odoo merges it into the existing one)."""
    location = stores["BJ01"]["stock_location_id"]
    [product] = admin.search("product.product", [("default_code", "=", "TEA-001")])
    quants = admin.search(
        "stock.quant", [("location_id", "=", location), ("product_id", "=", product)]
    )
    with refused(
        watch=[("stock.quant", quants, QUANT_FIELDS)],
        new=[("stock.quant", [("location_id", "=", location)])],
    ):
        rpc(login).call(
            "stock.quant",
            "create",
            {
                "product_id": product,
                "location_id": location,
                "inventory_quantity": 9999,
            },
            context={"inventory_mode": True},
        )


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_stock_apply_other_store_adjustment(
    rpc, admin, attempt, refused, foreign_quant, login
):
    """Class 4: a count pending in BJ01 is not applied by SH01."""
    [quant] = admin.read("stock.quant", [foreign_quant], ["quantity"])
    admin.call(
        "stock.quant",
        "write",
        [foreign_quant],
        {"inventory_quantity": quant["quantity"] + 100},
        context={"inventory_mode": True},
    )
    try:
        with refused(watch=[("stock.quant", [foreign_quant], ["quantity"])]):
            rpc(login).call(
                "stock.quant",
                "action_apply_inventory",
                [foreign_quant],
                context={"inventory_mode": True},
            )
    finally:
        attempt(
            admin.call,
            "stock.quant",
            "action_clear_inventory_quantity",
            [foreign_quant],
        )


@pytest.mark.parametrize(
    ("login", "store", "vals"),
    [
        ("sh01.staff", "SH01", {"location_id": "BJ01"}),
        ("sh01.staff", "SH01", {"quantity": 0.0}),
        ("sh01.manager", "SH01", {"location_id": "BJ01"}),
    ],
    ids=["staff-location", "staff-quantity", "manager-location"],
)
def test_stock_edit_done_move_line(
    rpc, admin, refused, stores, store_ids, login, store, vals
):
    """Class 4: done move lines are history: no store role rewrites their
    locations (stock moved between stores) or quantities."""
    lines = admin.search(
        "stock.move.line",
        [("picking_id.store_id", "=", store_ids[store]), ("state", "=", "done")],
        limit=1,
    )
    assert lines
    vals = {
        name: stores[value]["stock_location_id"] if isinstance(value, str) else value
        for name, value in vals.items()
    }
    fields = ["location_id", "location_dest_id", "quantity"]
    with refused(watch=[("stock.move.line", lines, fields)]):
        rpc(login).write("stock.move.line", lines, vals)
