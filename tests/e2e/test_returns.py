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
