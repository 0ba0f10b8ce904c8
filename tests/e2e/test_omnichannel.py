"""Online orders from outside (issue #12): what the screens of
multistore_omnichannel hide or lock, refused over XML-RPC to the users of
other stores and to the online shop's own staff.

Demo (multistore_omnichannel): the online shop WEB01 and its staff
web01.staff; online orders routed to SH01 and BJ01 (one shipped), a click &
collect order of SH01 waiting for a transfer, one ready in BJ01.
"""

import urllib.request

import pytest
import test_security_till as till_tools

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

QUEUE = [("multistore_online_order", "=", True), ("picking_type_code", "=", "outgoing")]
ORDER_FIELDS = ["fulfilment_state", "pickup_code", "routing_note", "pickup_deadline"]


def _product(client, code):
    [product] = client.search("product.product", [("default_code", "=", code)])
    return product


def _online_order(staff, admin, store_ids, email, code, qty):
    """A quotation of the online shop, created by its staff."""
    customer = admin.search("res.partner", [("email", "=", email)])[0]
    return staff.create(
        "sale.order",
        {
            "partner_id": customer,
            "store_id": store_ids["WEB01"],
            "order_line": [
                (0, 0, {"product_id": _product(admin, code), "product_uom_qty": qty})
            ],
        },
    )


@pytest.fixture(scope="module")
def online(admin, store_ids):
    """The demo's online pickings per store and its click & collect orders."""
    pickings = admin.search_read(
        "stock.picking", QUEUE, ["store_id", "state", "sale_id", "fulfilment_state"]
    )
    by_store = {}
    for picking in pickings:
        by_store.setdefault(picking["store_id"][0], []).append(picking["id"])
    waiting = admin.search_read(
        "sale.order",
        [
            ("pickup_store_id", "=", store_ids["SH01"]),
            ("fulfilment_state", "=", "preparing"),
        ],
        ["picking_ids"],
        limit=1,
    )
    assert waiting, "the demo has no click & collect order being prepared in SH01"
    return {
        "by_store": by_store,
        "sh_pickup_order": waiting[0]["id"],
        "sh_pickup_picking": waiting[0]["picking_ids"][0],
    }


def test_each_store_sees_only_its_queue(connect, online, store_ids):
    for login, code in (("sh01.staff", "SH01"), ("bj01.staff", "BJ01")):
        seen = set(connect(login).search("stock.picking", QUEUE))
        assert seen == set(online["by_store"][store_ids[code]]), login
    assert not connect("gz01.staff").search("stock.picking", QUEUE)


def test_other_store_cannot_read_a_queue_picking(connect, refused, online):
    with refused():
        connect("bj01.staff").read(
            "stock.picking", [online["sh_pickup_picking"]], ["name"]
        )


def test_other_store_cannot_mark_ready(connect, refused, online):
    with refused(watch=[("sale.order", [online["sh_pickup_order"]], ORDER_FIELDS)]):
        connect("bj01.staff").call(
            "stock.picking",
            "action_multistore_ready_for_pickup",
            [online["sh_pickup_picking"]],
        )


def test_ready_refused_while_the_transfer_is_on_its_way(connect, refused, online):
    with refused(
        watch=[("sale.order", [online["sh_pickup_order"]], ORDER_FIELDS)],
        allow=("UserError",),
    ) as refusal:
        connect("sh01.staff").call(
            "stock.picking",
            "action_multistore_ready_for_pickup",
            [online["sh_pickup_picking"]],
        )
    assert "transfer" in refusal.message


@pytest.mark.parametrize(
    "vals",
    [
        {"fulfilment_state": "collected"},
        {"pickup_code": "00000000"},
        {"routing_note": "rerouted"},
        {"pickup_deadline": "2030-01-01 00:00:00"},
    ],
)
def test_online_staff_cannot_write_routing_results(connect, refused, online, vals):
    with refused(watch=[("sale.order", [online["sh_pickup_order"]], ORDER_FIELDS)]):
        connect("web01.staff").write("sale.order", [online["sh_pickup_order"]], vals)


def test_online_staff_cannot_reroute_a_line(connect, admin, refused, online, store_ids):
    [order] = admin.read("sale.order", [online["sh_pickup_order"]], ["order_line"])
    with refused(watch=[("sale.order.line", order["order_line"], ["fulfil_store_id"])]):
        connect("web01.staff").write(
            "sale.order.line",
            order["order_line"],
            {"fulfil_store_id": store_ids["GZ01"]},
        )


@pytest.mark.parametrize(
    "vals",
    [
        {"fulfilment_priority": 0},
        {"fulfilment_capacity": 1},
        {"pickup_enabled": False},
        {"fulfils_online_orders": False},
    ],
)
def test_store_manager_cannot_change_routing_rules(connect, refused, store_ids, vals):
    with refused(watch=[("multistore.store", [store_ids["SH01"]], list(vals))]):
        connect("sh01.manager").write("multistore.store", [store_ids["SH01"]], vals)


def test_order_for_more_than_the_chain_has(connect, admin, store_ids):
    staff = connect("web01.staff")
    order_id = _online_order(
        staff, admin, store_ids, "zhou.min@example.cn", "TEA-001", 99999
    )
    try:
        with pytest.raises(Exception) as caught:
            staff.call("sale.order", "action_confirm", [order_id])
        assert "the chain has" in str(caught.value)
        [order] = admin.read("sale.order", [order_id], ["state", "picking_ids"])
        assert order["state"] == "draft"
        assert not order["picking_ids"]
    finally:
        admin.call("sale.order", "unlink", [order_id])


def test_routed_order_ships_only_with_tracking_reference(
    connect, admin, refused, store_ids
):
    staff = connect("web01.staff")
    order_id = _online_order(
        staff, admin, store_ids, "sun.hao@example.cn", "FOOD-002", 1
    )
    staff.call("sale.order", "action_confirm", [order_id])
    [order] = admin.read("sale.order", [order_id], ["picking_ids", "fulfilment_state"])
    assert order["fulfilment_state"] == "preparing"
    [picking] = admin.read(
        "stock.picking", order["picking_ids"], ["store_id", "move_ids", "state"]
    )
    code = next(c for c, sid in store_ids.items() if sid == picking["store_id"][0])
    store_staff = connect(f"{code.lower()}.staff")
    for move in admin.read("stock.move", picking["move_ids"], ["product_uom_qty"]):
        store_staff.write(
            "stock.move", [move["id"]], {"quantity": move["product_uom_qty"]}
        )
    with refused(
        watch=[("stock.picking", [picking["id"]], ["state"])], allow=("UserError",)
    ) as refusal:
        store_staff.call("stock.picking", "button_validate", [picking["id"]])
    assert "tracking reference" in refusal.message
    store_staff.write(
        "stock.picking", [picking["id"]], {"carrier_tracking_ref": "SF99"}
    )
    store_staff.call("stock.picking", "button_validate", [picking["id"]])
    [order] = admin.read("sale.order", [order_id], ["fulfilment_state"])
    assert order["fulfilment_state"] == "shipped"
    # Delivered: confirmed by the online shop's staff only, through the action.
    state = [("sale.order", [order_id], ["fulfilment_state", "delivered_date"])]
    with refused(watch=state):
        store_staff.call("sale.order", "action_multistore_confirm_delivery", [order_id])
    with refused(watch=state):
        staff.write("sale.order", [order_id], {"fulfilment_state": "delivered"})
    staff.call("sale.order", "action_multistore_confirm_delivery", [order_id])
    [order] = admin.read("sale.order", [order_id], ["fulfilment_state"])
    assert order["fulfilment_state"] == "delivered"
    with refused(watch=state, allow=("UserError",)) as refusal:
        staff.call("sale.order", "action_multistore_confirm_delivery", [order_id])
    assert "only a shipped online order" in refusal.message


def test_pickup_store_reads_the_order_other_stores_do_not(connect, refused, online):
    order = online["sh_pickup_order"]
    assert connect("sh01.staff").read("sale.order", [order], ["name"])
    with refused():
        connect("bj01.staff").read("sale.order", [order], ["name"])
    with refused(watch=[("sale.order", [order], ["client_order_ref", "note"])]):
        connect("sh01.staff").write("sale.order", [order], {"client_order_ref": "X"})


def test_portal_order_needs_its_customer_or_token(odoo_server, admin, online):
    """The timeline (pickup code included) is the customer's: an anonymous
    visitor is sent to the login page, a wrong token shows nothing."""
    order = online["sh_pickup_order"]
    [facts] = admin.read("sale.order", [order], ["name", "access_token"])
    for query in ("", "?access_token=not-the-token"):
        with urllib.request.urlopen(
            f"{odoo_server.url}/my/orders/{order}{query}", timeout=60
        ) as resp:
            page = resp.read().decode()
            assert "/web/login" in resp.url, resp.url
        assert "multistore_timeline" not in page
        assert facts["name"] not in page


@pytest.fixture(scope="module")
def bj_ready(admin, store_ids):
    """The demo's click & collect order ready in BJ01, with its line."""
    [order] = admin.search_read(
        "sale.order",
        [
            ("pickup_store_id", "=", store_ids["BJ01"]),
            ("fulfilment_state", "=", "ready"),
        ],
        ["order_line", "fulfilment_state"],
        limit=1,
    )
    [line] = admin.read(
        "sale.order.line",
        order["order_line"][:1],
        ["product_id", "product_uom_qty", "price_unit", "tax_id"],
    )
    return order, line


@pytest.fixture(scope="module")
def till(web, admin, store_ids):
    return till_tools.open_till(web, admin, store_ids)


def test_till_of_another_store_cannot_hand_over_a_pickup(
    web, admin, refused, till, bj_ready
):
    """SH01's cashier settles, through the till's own call, the order that
    waits for its customer in BJ01: refused, nothing saved."""
    order, line = bj_ready
    cashier = web(till_tools.CASHIER)
    till_line = till_tools._line(
        till,
        line["product_id"][0],
        line["product_uom_qty"],
        line["price_unit"],
        line["tax_id"],
        sale_order_origin_id=order["id"],
        sale_order_line_id=line["id"],
    )
    payload = till_tools._order(cashier, till, [till_line])
    with refused(
        watch=[("sale.order", [order["id"]], ["fulfilment_state", "state"])],
        new=[("pos.order", [("uuid", "=", payload["uuid"])])],
    ) as refusal:
        cashier.call("pos.order", "sync_from_ui", [payload])
    # The cashier may not even read BJ01's order lines (store rules); had
    # they read them, the pickup check refuses another store's till.
    assert refusal.kind == "AccessError" or "not at this till's store" in (
        refusal.message
    )


def test_return_lookup_needs_the_number_and_the_customer(
    connect, admin, refused, store_ids
):
    """Returns anywhere (multistore_omnichannel_returns): another store's
    cashier opens an online order only with its number and its customer; a
    wildcard is no number; what is opened is read, never written."""
    [order] = admin.search_read(
        "sale.order",
        [
            ("multistore_online_order", "=", True),
            ("fulfilment_state", "in", ["shipped", "delivered"]),
            ("pickup_store_id", "=", False),
        ],
        ["name", "partner_id", "fulfilment_state"],
        limit=1,
    )
    if order["fulfilment_state"] == "shipped":
        connect("web01.staff").call(
            "sale.order", "action_multistore_confirm_delivery", [order["id"]]
        )
    [config] = admin.search(
        "pos.config", [("store_id", "=", store_ids["GZ01"])], limit=1
    )
    customer = order["partner_id"][0]
    [stranger] = admin.search(
        "res.partner", [("email", "=", "ma.li@example.cn"), ("id", "!=", customer)]
    )
    cashier = connect("gz01.staff")
    lookup = "multistore_find_online_order_for_return"
    for reference, partner in ((order["name"], stranger), ("%", customer)):
        with refused(allow=("UserError",)) as refusal:
            cashier.call("sale.order", lookup, config, reference, partner)
        assert "No online order" in refusal.message
        with refused(allow=("AccessError",)):
            cashier.read("sale.order", [order["id"]], ["name"])
    assert (
        cashier.call("sale.order", lookup, config, order["name"], customer)
        == (order["id"])
    )
    assert cashier.read("sale.order", [order["id"]], ["name"])
    with refused(watch=[("sale.order", [order["id"]], ["client_order_ref"])]):
        cashier.write("sale.order", [order["id"]], {"client_order_ref": "X"})
