"""Security from outside (issue #10, classes 5, 6 and 7): what a till sends.

The cashier of SH01 (``sh01.staff``) talks to the server as the POS does,
through a browser session and ``/web/dataset/call_kw``: opens the till, syncs
orders with ``pos.order.sync_from_ui``, confirms loyalty points with
``confirm_coupon_programs`` and looks up orders to refund with
``multistore_find_order_for_refund``. A forged price, a refund priced above
the sale, points the sale never earned and a lookup that enumerates other
stores' orders must be refused; the controls show that the same calls with
honest values go through, so each probe is refused for its forgery.

Over 400 lines on purpose: one suite per class of the security issue, each
probe a few lines, all sharing the till payload builders written here.
"""

import uuid
from datetime import datetime, timezone

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

CASHIER = "sh01.staff"
MEMBERS = ("Li Na", "Wang Wei", "Chen Jie", "Zhang Min")


# The demo's till sales go back up to two months: the chain's return window
# (multistore_returns, 7 days by default) is widened for these probes of
# prices and quantities, and put back after; tests/e2e/test_returns.py probes
# the window itself.
RETURN_DAYS_PARAM = "multistore_returns.return_days"


@pytest.fixture(scope="module", autouse=True)
def return_window_covers_the_demo(admin):
    installed = admin.search(
        "ir.module.module",
        [("name", "=", "multistore_returns"), ("state", "=", "installed")],
    )
    if not installed:
        yield
        return
    before = admin.call("ir.config_parameter", "get_param", RETURN_DAYS_PARAM)
    admin.call("ir.config_parameter", "set_param", RETURN_DAYS_PARAM, "120")
    yield
    admin.call("ir.config_parameter", "set_param", RETURN_DAYS_PARAM, before or False)


@pytest.fixture(scope="module")
def till(web, admin, store_ids):
    """SH01's till, opened by its cashier as the POS does."""
    return open_till(web, admin, store_ids)


def open_till(web, admin, store_ids):
    """SH01's till, opened by its cashier as the POS does (also used by
    test_omnichannel.py)."""
    cashier = web(CASHIER)
    [config] = cashier.call(
        "pos.config",
        "search_read",
        [("store_id", "=", store_ids["SH01"])],
        ["current_session_id", "pricelist_id", "payment_method_ids"],
        limit=1,
    )
    # Opening the till creates its session when it has none.
    cashier.call("pos.config", "open_ui", [config["id"]])
    [config] = cashier.call(
        "pos.config",
        "read",
        [config["id"]],
        ["current_session_id", "pricelist_id", "payment_method_ids"],
    )
    session = config["current_session_id"][0]
    [state] = cashier.call("pos.session", "read", [session], ["state"])
    if state["state"] == "opening_control":
        cashier.call("pos.session", "set_opening_control", [session], 0, "")
    taxes = {
        tax["id"]: tax
        for tax in admin.search_read(
            "account.tax", [("type_tax_use", "=", "sale")], ["amount", "price_include"]
        )
    }
    return {
        "config": config["id"],
        "session": session,
        "pricelist": config["pricelist_id"][0],
        "payment_method": config["payment_method_ids"][0],
        "taxes": taxes,
    }


def _store_price(client, till, product_id, qty=1):
    """The price of the product at the till (its store's price list)."""
    info = client.call(
        "product.product",
        "get_product_info_pos",
        [product_id],
        0.0,
        qty,
        till["config"],
    )
    [price] = [p["price"] for p in info["pricelists"]] or [None]
    assert price, f"no price at the till for product {product_id}"
    return price


def _line(till, product, qty, price, tax_ids, **extra):
    """A till line with the amounts the till computes: taxes included in the
    price (Chinese prices are, and so are the demo chain's) come out of it,
    the others come on top."""
    taxes = [till["taxes"][tax] for tax in tax_ids]
    included = sum(tax["amount"] for tax in taxes if tax["price_include"])
    on_top = sum(tax["amount"] for tax in taxes if not tax["price_include"])
    subtotal = round(price * qty / (1 + included / 100), 2)
    return {
        "uuid": str(uuid.uuid4()),
        "product_id": product,
        "qty": qty,
        "price_unit": price,
        "discount": 0.0,
        "price_subtotal": subtotal,
        "price_subtotal_incl": round(
            price * qty / (1 + included / 100) * (1 + (included + on_top) / 100), 2
        ),
        "tax_ids": [(6, 0, tax_ids)],
        "pack_lot_ids": [],
        **extra,
    }


def _order(client, till, lines, partner=None):
    """What the till sends when an order is paid (sync_from_ui payload)."""
    order_uuid = str(uuid.uuid4())
    total = round(sum(line["price_subtotal_incl"] for line in lines), 2)
    untaxed = round(sum(line["price_subtotal"] for line in lines), 2)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return {
        "uuid": order_uuid,
        "name": f"Order {order_uuid[:13]}",
        "session_id": till["session"],
        "user_id": client.uid,
        "partner_id": partner or False,
        "pricelist_id": till["pricelist"],
        "fiscal_position_id": False,
        "date_order": now,
        "sequence_number": 1,
        "lines": [(0, 0, line) for line in lines],
        "payment_ids": [
            (
                0,
                0,
                {
                    "amount": total,
                    "payment_date": now,
                    "payment_method_id": till["payment_method"],
                },
            )
        ],
        "amount_total": total,
        "amount_tax": round(total - untaxed, 2),
        "amount_paid": total,
        "amount_return": 0.0,
        "to_invoice": False,
        "last_order_preparation_change": "{}",
    }


def _sync(client, order):
    result = client.call("pos.order", "sync_from_ui", [order])
    [synced] = [o for o in result["pos.order"] if o["uuid"] == order["uuid"]]
    return synced["id"]


def _product(client, code):
    """The product and its taxes as the till of ``client`` loads them: the
    taxes of the cashier's company only (the demo chain's products also carry
    the taxes of the database's other companies)."""
    [product] = client.call(
        "product.product",
        "search_read",
        [("default_code", "=", code)],
        fields=["taxes_id"],
    )
    return product["id"], product["taxes_id"]


@pytest.fixture(scope="module")
def members(admin):
    """{name: (partner id, card id of the demo points programme)}."""
    cards = admin.search_read(
        "loyalty.card",
        [
            ("program_id.name", "=", "Multistore Points"),
            ("partner_id.name", "in", MEMBERS),
        ],
        ["partner_id", "program_id"],
    )
    found = {card["partner_id"][1]: card for card in cards}
    assert set(found) == set(MEMBERS), found
    return {
        name: {
            "partner": card["partner_id"][0],
            "card": card["id"],
            "program": card["program_id"][0],
        }
        for name, card in found.items()
    }


def _foreign_sale_line(admin, store_ids, code):
    """A paid line of a BJ01 till order selling ``code``, not refunded yet."""
    lines = admin.search_read(
        "pos.order.line",
        [
            ("order_id.store_id", "=", store_ids["BJ01"]),
            ("order_id.state", "in", ["paid", "done"]),
            ("product_id.default_code", "=", code),
            ("qty", ">", 0),
            ("refund_orderline_ids", "=", False),
        ],
        ["product_id", "price_unit", "tax_ids", "qty"],
        limit=1,
    )
    assert lines, f"the demo has no BJ01 sale of {code}"
    return lines[0]


# --- class 6: till prices -------------------------------------------------------


def test_till_control_sells_at_the_store_price(web, admin, till):
    """Control: an honest order syncs (so the probes below are refused for
    their forged values, not for a broken payload)."""
    cashier = web(CASHIER)
    product, taxes = _product(cashier, "TEA-001")
    price = _store_price(cashier, till, product)
    order = _order(cashier, till, [_line(till, product, 1, price, taxes)])
    order_id = _sync(cashier, order)
    [saved] = admin.read("pos.order", [order_id], ["state", "amount_total"])
    assert saved["state"] in ("paid", "done"), saved


def test_till_price_forged(web, admin, refused, till):
    """Class 6: a 88.00 tea sold at 0.01 by the cashier is refused."""
    cashier = web(CASHIER)
    product, taxes = _product(cashier, "TEA-001")
    assert _store_price(cashier, till, product) > 1
    order = _order(cashier, till, [_line(till, product, 1, 0.01, taxes)])
    with refused(new=[("pos.order", [("uuid", "=", order["uuid"])])]):
        cashier.call("pos.order", "sync_from_ui", [order])


def test_till_taxes_dropped(web, admin, refused, till):
    """Class 6: the tea at its store price but sent without its VAT (no tax
    declared on the sale) is refused."""
    cashier = web(CASHIER)
    product, taxes = _product(cashier, "TEA-001")
    assert taxes, "the demo tea carries the chain's VAT"
    price = _store_price(cashier, till, product)
    order = _order(cashier, till, [_line(till, product, 1, price, [])])
    with refused(new=[("pos.order", [("uuid", "=", order["uuid"])])]):
        cashier.call("pos.order", "sync_from_ui", [order])


def test_till_control_refunds_other_store_sale_at_its_price(
    web, admin, till, store_ids
):
    """Control: returns anywhere -- a BJ01 sale refunded at SH01's till at
    the price it was sold for goes through."""
    cashier = web(CASHIER)
    origin = _foreign_sale_line(admin, store_ids, "TEA-002")
    line = _line(
        till,
        origin["product_id"][0],
        -1,
        origin["price_unit"],
        origin["tax_ids"],
        refunded_orderline_id=origin["id"],
    )
    order_id = _sync(cashier, _order(cashier, till, [line]))
    [saved] = admin.read("pos.order", [order_id], ["state", "amount_total"])
    assert saved["state"] in ("paid", "done"), saved
    assert saved["amount_total"] < 0


def test_till_refund_above_the_sale_price(web, admin, refused, till, store_ids):
    """Class 6: a BJ01 sale is not refunded at SH01's till for 5000.00."""
    cashier = web(CASHIER)
    origin = _foreign_sale_line(admin, store_ids, "TEA-003")
    line = _line(
        till,
        origin["product_id"][0],
        -1,
        5000.0,
        origin["tax_ids"],
        refunded_orderline_id=origin["id"],
    )
    order = _order(cashier, till, [line])
    with refused(new=[("pos.order", [("uuid", "=", order["uuid"])])]):
        cashier.call("pos.order", "sync_from_ui", [order])


def test_till_refund_more_than_sold(web, admin, refused, till, store_ids):
    """Class 6: nor for more units than the sale had."""
    cashier = web(CASHIER)
    origin = _foreign_sale_line(admin, store_ids, "TEA-001")
    line = _line(
        till,
        origin["product_id"][0],
        -(origin["qty"] + 10),
        origin["price_unit"],
        origin["tax_ids"],
        refunded_orderline_id=origin["id"],
    )
    order = _order(cashier, till, [line])
    with refused(new=[("pos.order", [("uuid", "=", order["uuid"])])]):
        cashier.call("pos.order", "sync_from_ui", [order])


# --- class 5: loyalty forgery ------------------------------------------------------


@pytest.mark.parametrize("points", [999999.0, -50.0])
@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_loyalty_card_points_written(rpc, refused, members, login, points):
    """Class 5: a card's balance changes through orders, refunds, expiry and
    approved adjustments, not by writing it."""
    card = members["Li Na"]["card"]
    with refused(watch=[("loyalty.card", [card], ["points"])]):
        rpc(login).write("loyalty.card", [card], {"points": points})


def test_loyalty_history_created(rpc, refused, members, store_ids):
    """Class 5: no history line forged (the inter-store settlement pays
    out on them)."""
    card = members["Chen Jie"]["card"]
    marker = f"e2e forged {uuid.uuid4()}"
    with refused(
        watch=[("loyalty.card", [card], ["points"])],
        new=[("loyalty.history", [("description", "=", marker)])],
    ):
        rpc("sh01.staff").create(
            "loyalty.history",
            {
                "card_id": card,
                "issued": 5000.0,
                "used": 0.0,
                "store_id": store_ids["SH01"],
                "description": marker,
            },
        )


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_loyalty_history_rewritten(rpc, admin, refused, store_ids, login):
    """Class 5: nor an existing one rewritten, even of the user's store."""
    lines = admin.search(
        "loyalty.history", [("store_id", "=", store_ids["SH01"])], limit=1
    )
    assert lines
    with refused(watch=[("loyalty.history", lines, ["issued", "used", "store_id"])]):
        rpc(login).write("loyalty.history", lines, {"issued": 99999.0})


def test_loyalty_confirm_points_beyond_the_sale(web, admin, refused, till, members):
    """Class 5: the till claims 1,000,000 points for a small sale."""
    cashier = web(CASHIER)
    member = members["Wang Wei"]
    product, taxes = _product(cashier, "FOOD-002")
    price = _store_price(cashier, till, product)
    order = _order(
        cashier, till, [_line(till, product, 1, price, taxes)], member["partner"]
    )
    order_id = _sync(cashier, order)
    card = member["card"]
    coupon_data = {
        str(card): {
            "points": 1000000.0,
            "program_id": member["program"],
            "coupon_id": card,
            "partner_id": member["partner"],
            "line_codes": [],
        }
    }
    with refused(
        watch=[("loyalty.card", [card], ["points"])],
        new=[
            ("loyalty.history", [("card_id", "=", card), ("order_id", "=", order_id)])
        ],
    ):
        cashier.call("pos.order", "confirm_coupon_programs", [order_id], coupon_data)


@pytest.fixture
def adjustment_request(rpc, admin, attempt, members, store_ids):
    """A manual points adjustment requested by SH01's staff (draft)."""
    adjustment = rpc("sh01.staff").create(
        "multistore.loyalty.adjustment",
        {
            "card_id": members["Zhang Min"]["card"],
            "points": 500.0,
            "reason": "e2e: goodwill after a late delivery",
            "store_id": store_ids["SH01"],
        },
    )
    yield adjustment
    # Best effort: an approved adjustment may refuse to go.
    attempt(admin.call, "multistore.loyalty.adjustment", "unlink", [adjustment])


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_loyalty_adjustment_state_written(
    rpc, refused, members, adjustment_request, login
):
    """Class 2 (loyalty): an adjustment is approved by its button (which
    checks the role and posts the points), not by writing its state."""
    card = members["Zhang Min"]["card"]
    with refused(
        watch=[
            ("multistore.loyalty.adjustment", [adjustment_request], ["state"]),
            ("loyalty.card", [card], ["points"]),
        ]
    ):
        rpc(login).write(
            "multistore.loyalty.adjustment", [adjustment_request], {"state": "approved"}
        )


# --- class 7: the refund lookup ---------------------------------------------------


def _lookup(client, till, **kwargs):
    return client.call(
        "pos.order", "multistore_find_order_for_refund", till["config"], **kwargs
    )


def _found_ids(answer):
    """Orders a lookup answer gives away (the single order with its lines,
    or the list of a member's orders)."""
    return {o["id"] for o in answer.get("pos.order", []) + answer.get("orders", [])}


def test_refund_lookup_control_own_store_by_receipt(web, admin, till, store_ids):
    """Control: the till finds an order of its own store by its number."""
    [order] = admin.search_read(
        "pos.order",
        [("store_id", "=", store_ids["SH01"]), ("state", "in", ["paid", "done"])],
        ["name"],
        limit=1,
    )
    answer = _lookup(web(CASHIER), till, reference=order["name"])
    assert _found_ids(answer) == {order["id"]}


@pytest.mark.parametrize("rank", [0, 1, 2])
def test_refund_lookup_enumerates_other_store_by_name(
    web, admin, attempt, till, store_ids, rank
):
    """Class 7: order names run in sequence per till: guessing BJ01's names
    (no date, no total: no receipt in hand) gives nothing of BJ01's orders.
    A clear refusal or an empty answer are both fine."""
    orders = admin.search_read(
        "pos.order",
        [("store_id", "=", store_ids["BJ01"]), ("state", "in", ["paid", "done"])],
        ["name"],
        order="id",
        limit=3,
    )
    order = orders[rank]
    outcome = attempt(_lookup, web(CASHIER), till, reference=order["name"])
    if outcome.kind:
        assert outcome.refused_clearly, (outcome.kind, outcome.message[-1500:])
    else:
        assert order["id"] not in _found_ids(outcome.result), outcome.result


def test_refund_lookup_lists_other_store_orders_of_member(
    web, admin, attempt, till, store_ids, members
):
    """Class 7: nor does naming a member list their orders of other stores
    (customer, amounts, references to enumerate)."""
    member = members["Chen Jie"]
    foreign = set(
        admin.search(
            "pos.order",
            [
                ("partner_id", "=", member["partner"]),
                ("store_id", "!=", store_ids["SH01"]),
            ],
        )
    )
    assert foreign, "the demo member bought in no other store"
    outcome = attempt(_lookup, web(CASHIER), till, partner_id=member["partner"])
    if outcome.kind:
        assert outcome.refused_clearly, (outcome.kind, outcome.message[-1500:])
    else:
        leaked = foreign & _found_ids(outcome.result)
        assert not leaked, f"the lookup lists orders {sorted(leaked)} of other stores"
