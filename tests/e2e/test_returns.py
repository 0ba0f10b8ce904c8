"""The chain's return policy from outside (multistore_returns): what a till
or a store employee sends over RPC is refused outside the policy, and
nothing is written.

Demo: till sales of every retail store over the last two months; the
policy's default window is 7 days, reason codes are chain master data.
"""

from datetime import datetime, timedelta, timezone

import pytest
import test_security_till as till_tools

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

RETURN_DAYS_PARAM = "multistore_returns.return_days"
APPROVAL_PARAM = "multistore_returns.approval_amount"


@pytest.fixture(scope="module", autouse=True)
def returns_installed(admin):
    if not admin.search(
        "ir.module.module",
        [("name", "=", "multistore_returns"), ("state", "=", "installed")],
    ):
        pytest.skip("multistore_returns is not installed")


@pytest.fixture(scope="module")
def till(web, admin, store_ids):
    return till_tools.open_till(web, admin, store_ids)


@pytest.fixture
def policy(admin):
    """Set the policy's parameters for a test, and put them back."""
    saved = {}

    def set_(param, value):
        if param not in saved:
            saved[param] = admin.call("ir.config_parameter", "get_param", param)
        admin.call("ir.config_parameter", "set_param", param, str(value))

    yield set_
    for param, value in saved.items():
        admin.call("ir.config_parameter", "set_param", param, value or False)


def _old_sale_line(admin, store_ids, code="BJ01", days=10):
    """A paid till line of store ``code`` sold more than ``days`` ago."""
    before = (datetime.now(timezone.utc) - timedelta(days=days)).strftime(
        "%Y-%m-%d %H:%M:%S"
    )
    lines = admin.search_read(
        "pos.order.line",
        [
            ("order_id.store_id", "=", store_ids[code]),
            ("order_id.state", "in", ["paid", "done"]),
            ("order_id.date_order", "<", before),
            ("qty", ">", 0),
            ("refund_orderline_ids", "=", False),
        ],
        ["product_id", "price_unit", "tax_ids", "qty"],
        limit=1,
    )
    assert lines, f"the demo has no {code} sale older than {days} days"
    return lines[0]


def _refund(web, till, origin):
    cashier = web(till_tools.CASHIER)
    line = till_tools._line(
        till,
        origin["product_id"][0],
        -1,
        origin["price_unit"],
        origin["tax_ids"],
        refunded_orderline_id=origin["id"],
    )
    return cashier, till_tools._order(cashier, till, [line])


def test_refund_after_the_window_is_refused(
    web, admin, refused, till, policy, store_ids
):
    """Returns anywhere, one policy: a BJ01 sale of 10+ days ago is not
    refunded at SH01's till once the 7-day window is over."""
    policy(RETURN_DAYS_PARAM, 7)
    origin = _old_sale_line(admin, store_ids)
    cashier, order = _refund(web, till, origin)
    with refused(
        new=[("pos.order", [("uuid", "=", order["uuid"])])],
        watch=[("pos.order.line", [origin["id"]], ["refunded_qty"])],
        allow=("ValidationError", "UserError"),
    ) as refusal:
        cashier.call("pos.order", "sync_from_ui", [order])
    assert "return window is over" in refusal.message


def test_refund_within_a_longer_window_goes_through(
    web, admin, till, policy, store_ids
):
    """Control: the same kind of refund with the window widened by the chain."""
    policy(RETURN_DAYS_PARAM, 120)
    origin = _old_sale_line(admin, store_ids)
    cashier, order = _refund(web, till, origin)
    order_id = till_tools._sync(cashier, order)
    [saved] = admin.read("pos.order", [order_id], ["amount_total"])
    assert saved["amount_total"] < 0


def test_refund_above_the_approval_amount_needs_a_manager(
    web, admin, refused, till, policy, store_ids
):
    """A cashier (store staff) refunds no more than the approval amount."""
    policy(RETURN_DAYS_PARAM, 120)
    policy(APPROVAL_PARAM, 0.01)
    origin = _old_sale_line(admin, store_ids)
    cashier, order = _refund(web, till, origin)
    with refused(
        new=[("pos.order", [("uuid", "=", order["uuid"])])],
        allow=("ValidationError", "UserError", "AccessError"),
    ) as refusal:
        cashier.call("pos.order", "sync_from_ui", [order])
    assert "manager" in refusal.message


@pytest.mark.parametrize("login", ["sh01.staff", "sh01.manager"])
def test_store_roles_cannot_change_return_reasons(rpc, admin, refused, login):
    reasons = admin.search("multistore.return.reason", [], limit=1)
    assert reasons, "no return reason in the chain"
    client = rpc(login)
    assert client.read("multistore.return.reason", reasons, ["name"])
    with refused(watch=[("multistore.return.reason", reasons, ["name", "active"])]):
        client.write("multistore.return.reason", reasons, {"active": False})
    with refused(new=[("multistore.return.reason", [("code", "=", "E2E")])]):
        client.create("multistore.return.reason", {"name": "E2E", "code": "E2E"})


TILL_REASON_PARAM = "multistore_returns.till_reason_required"


def _reason(admin):
    [reason] = admin.search("multistore.return.reason", [], limit=1)
    return reason


def test_refund_without_a_reason_is_refused(
    web, admin, refused, till, policy, store_ids
):
    """Once the chain requires reasons at the till, a refund synced without
    one (or with an archived one) is refused; with a reason it goes through
    and keeps it."""
    policy(RETURN_DAYS_PARAM, 120)
    policy(TILL_REASON_PARAM, "True")
    origin = _old_sale_line(admin, store_ids)
    cashier, order = _refund(web, till, origin)
    with refused(
        new=[("pos.order", [("uuid", "=", order["uuid"])])],
        watch=[("pos.order.line", [origin["id"]], ["refunded_qty"])],
        allow=("UserError",),
    ) as refusal:
        cashier.call("pos.order", "sync_from_ui", [order])
    assert "needs a reason" in refusal.message
    reason = _reason(admin)
    cashier, order = _refund(web, till, origin)
    order["multistore_return_reason_id"] = reason
    order_id = till_tools._sync(cashier, order)
    [saved] = admin.read("pos.order", [order_id], ["multistore_return_reason_id"])
    assert saved["multistore_return_reason_id"][0] == reason


def test_reason_of_a_paid_refund_cannot_be_rewritten(
    web, admin, refused, till, policy, store_ids
):
    policy(RETURN_DAYS_PARAM, 120)
    reasons = admin.search("multistore.return.reason", [], limit=2)
    assert len(reasons) == 2, "the chain needs two return reasons"
    origin = _old_sale_line(admin, store_ids)
    cashier, order = _refund(web, till, origin)
    order["multistore_return_reason_id"] = reasons[0]
    order_id = till_tools._sync(cashier, order)
    with refused(
        watch=[("pos.order", [order_id], ["multistore_return_reason_id"])],
        allow=("UserError",),
    ):
        cashier.call(
            "pos.order",
            "write",
            [order_id],
            {"multistore_return_reason_id": reasons[1]},
        )


def test_cashier_cannot_set_a_reason_on_another_store_order(
    web, admin, refused, store_ids
):
    """SH01's cashier cannot write the reason of a BJ01 till order."""
    [bj_order] = admin.search(
        "pos.order",
        [("store_id", "=", store_ids["BJ01"]), ("state", "in", ["paid", "done"])],
        limit=1,
    )
    cashier = web(till_tools.CASHIER)
    with refused(
        watch=[("pos.order", [bj_order], ["multistore_return_reason_id"])],
        allow=("AccessError", "UserError"),
    ):
        cashier.call(
            "pos.order",
            "write",
            [bj_order],
            {"multistore_return_reason_id": _reason(admin)},
        )


def test_cashier_cannot_refund_into_another_store(
    web, admin, refused, till, policy, store_ids
):
    """SH01's cashier may refund a BJ01 sale at SH01's till (returns
    anywhere), not book the refund, reason and all, on BJ01's till."""
    policy(RETURN_DAYS_PARAM, 120)
    [bj_config] = admin.search(
        "pos.config", [("store_id", "=", store_ids["BJ01"])], limit=1
    )
    admin.call("pos.config", "open_ui", [bj_config])
    [config] = admin.read("pos.config", [bj_config], ["current_session_id"])
    origin = _old_sale_line(admin, store_ids)
    cashier, order = _refund(web, till, origin)
    order["session_id"] = config["current_session_id"][0]
    order["multistore_return_reason_id"] = _reason(admin)
    with refused(
        new=[("pos.order", [("uuid", "=", order["uuid"])])],
        watch=[("pos.order.line", [origin["id"]], ["refunded_qty"])],
        allow=("AccessError", "UserError", "ValidationError"),
    ):
        cashier.call("pos.order", "sync_from_ui", [order])


@pytest.fixture
def ewallet(admin):
    """A chain eWallet (store credit) at every till, archived afterwards."""
    top_up = admin.create(
        "product.product",
        {
            "name": "E2E Store Credit",
            "type": "service",
            "list_price": 50.0,
            "available_in_pos": True,
            "taxes_id": [(6, 0, [])],
        },
    )
    program = admin.create(
        "loyalty.program",
        {
            "name": "E2E eWallet",
            "program_type": "ewallet",
            "trigger": "auto",
            "applies_on": "future",
            "trigger_product_ids": [(6, 0, [top_up])],
            "rule_ids": [
                (
                    0,
                    0,
                    {
                        "reward_point_mode": "money",
                        "reward_point_amount": 1,
                        "product_ids": [(6, 0, [top_up])],
                    },
                )
            ],
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount_mode": "per_point",
                        "discount": 1,
                        "discount_applicability": "order",
                        "required_points": 1,
                    },
                )
            ],
        },
    )
    yield top_up
    admin.write("loyalty.program", [program], {"active": False})
    admin.write("product.product", [top_up], {"active": False})


def test_store_credit_above_the_refund_is_refused(
    web, admin, refused, till, policy, store_ids, ewallet
):
    """A refund paid back on the eWallet credits at most the refund: a till
    sending 50.00 more of store credit (and "taking" the difference in cash)
    is refused, nothing written."""
    policy(RETURN_DAYS_PARAM, 120)
    origin = _old_sale_line(admin, store_ids)
    cashier = web(till_tools.CASHIER)
    refund_line = till_tools._line(
        till,
        origin["product_id"][0],
        -1,
        origin["price_unit"],
        origin["tax_ids"],
        refunded_orderline_id=origin["id"],
    )
    refunded = -refund_line["price_subtotal_incl"]
    credit = till_tools._line(till, ewallet, 1, round(refunded + 50.0, 2), [])
    [partner] = admin.search("res.partner", [("name", "=", "Li Na")], limit=1)
    order = till_tools._order(cashier, till, [refund_line, credit], partner=partner)
    with refused(
        new=[("pos.order", [("uuid", "=", order["uuid"])])],
        watch=[("pos.order.line", [origin["id"]], ["refunded_qty"])],
        allow=("UserError",),
    ) as refusal:
        cashier.call("pos.order", "sync_from_ui", [order])
    assert "at most the refund" in refusal.message
