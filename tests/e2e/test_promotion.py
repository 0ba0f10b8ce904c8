"""Promotions and campaigns from outside (multistore_promotion, issue #13
point 3): the campaign results per store are scoped over every RPC transport,
nobody writes them, and only the chain plans promotions, whose demand event
the forecast gets.

Setup as admin: a customer of SH01 and one of BJ01 (new partners, each with
a confirmed sales order in their store, the customer facts refreshed so that
it is their home store), an email campaign to both sent yesterday, and its
traces (SH01's customer opened it).
"""

from datetime import date, datetime, timedelta, timezone

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

TRANSPORTS = ("xmlrpc", "jsonrpc", "call_kw")
RESULT = "multistore.campaign.result"
FIGURES = ["store_id", "sent_count", "opened_count", "order_count", "revenue"]


@pytest.fixture(scope="module", autouse=True)
def promotion_installed(admin):
    if not admin.search(
        "ir.module.module",
        [("name", "=", "multistore_promotion"), ("state", "=", "installed")],
    ):
        pytest.skip("multistore_promotion is not installed")


def _utc(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def campaign(admin, store_ids):
    """The campaign, and {store code: expected figures} from the orders."""
    product = admin.create(
        "product.product",
        {
            "name": "E2E Campaign Tea",
            "list_price": 12.0,
            "is_storable": False,
            "taxes_id": [(5, 0, 0)],
        },
    )
    customers, expected = {}, {}
    for code, opened in (("SH01", True), ("BJ01", False)):
        partner = admin.create(
            "res.partner",
            {"name": f"E2E campaign {code}", "email": f"e2e.{code.lower()}@e2e.test"},
        )
        order = admin.create(
            "sale.order",
            {
                "partner_id": partner,
                "store_id": store_ids[code],
                "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 3})],
            },
        )
        admin.call("sale.order", "action_confirm", [order])
        amount = admin.read("sale.order", [order], ["amount_untaxed"])[0]
        customers[code] = (partner, opened)
        expected[code] = {
            "sent_count": 1,
            "opened_count": int(opened),
            "order_count": 1,
            "revenue": amount["amount_untaxed"],
        }
    admin.call("multistore.customer.store.fact", "action_refresh_customer_facts")
    model = admin.search("ir.model", [("model", "=", "res.partner")])[0]
    sent = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=1)
    mailing = admin.create(
        "mailing.mailing",
        {
            "subject": "E2E Tea Festival",
            "mailing_type": "mail",
            "mailing_model_id": model,
            "body_html": "<p>Tea Festival</p>",
            "multistore_attribution_days": 7,
        },
    )
    admin.write(
        "mailing.mailing", [mailing], {"state": "done", "sent_date": _utc(sent)}
    )
    for code, (partner, opened) in customers.items():
        admin.create(
            "mailing.trace",
            {
                "mass_mailing_id": mailing,
                "trace_type": "mail",
                "model": "res.partner",
                "res_id": partner,
                "email": f"e2e.{code.lower()}@e2e.test",
                "trace_status": "open" if opened else "sent",
                "sent_datetime": _utc(sent),
                "open_datetime": _utc(sent) if opened else False,
            },
        )
    yield mailing, expected
    admin.call("mailing.mailing", "unlink", [mailing])


def _rows(client, mailing):
    return client.call(
        RESULT, "search_read", [("mailing_id", "=", mailing)], fields=FIGURES
    )


def test_chain_sees_the_figures_of_every_store(admin, store_ids, campaign):
    mailing, expected = campaign
    rows = {row["store_id"][0]: row for row in _rows(admin, mailing)}
    assert set(rows) == {store_ids[code] for code in expected}
    for code, figures in expected.items():
        row = rows[store_ids[code]]
        for name, value in figures.items():
            assert row[name] == pytest.approx(value), (code, name)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("login", ["sh01.manager", "sh01.staff"])
def test_store_reads_only_its_campaign_rows(
    connect, admin, store_ids, campaign, refused, login, transport
):
    mailing, expected = campaign
    client = connect(login, transport)
    rows = _rows(client, mailing)
    assert [row["store_id"][0] for row in rows] == [store_ids["SH01"]]
    assert rows[0]["revenue"] == pytest.approx(expected["SH01"]["revenue"])
    groups = client.call(
        RESULT,
        "read_group",
        [("mailing_id", "=", mailing)],
        ["revenue:sum"],
        ["store_id"],
    )
    assert [group["store_id"][0] for group in groups] == [store_ids["SH01"]]
    foreign = admin.search(
        RESULT, [("mailing_id", "=", mailing), ("store_id", "=", store_ids["BJ01"])]
    )
    assert foreign
    with refused():
        client.call(RESULT, "read", foreign, ["revenue"])


@pytest.mark.parametrize("login", ["sh01.manager", "admin"])
def test_nobody_writes_campaign_results(rpc, admin, campaign, refused, login):
    mailing, _expected = campaign
    client = admin if login == "admin" else rpc(login)
    own = client.search(RESULT, [("mailing_id", "=", mailing)])
    with refused():
        client.call(RESULT, "write", own[:1], {"revenue": 1.0})
    with refused():
        client.call(RESULT, "unlink", own[:1])


@pytest.fixture
def promotion(admin, store_ids):
    program = admin.create(
        "loyalty.program",
        {
            "name": "E2E Buy One Get One",
            "program_type": "buy_x_get_y",
            "multistore_on_calendar": True,
            "date_from": "2031-05-01",
            "date_to": "2031-05-05",
            "store_ids": [(6, 0, [store_ids["SH01"]])],
        },
    )
    yield program
    admin.write("loyalty.program", [program], {"active": False})
    admin.call("loyalty.program", "unlink", [program])


def test_promotion_gives_the_forecast_its_event(admin, store_ids, promotion):
    events = admin.search_read(
        "multistore.demand.event",
        [("promotion_program_id", "=", promotion)],
        ["date_from", "date_to", "store_ids", "event_type"],
    )
    assert len(events) == 1
    assert (events[0]["date_from"], events[0]["date_to"]) == (
        "2031-05-01",
        "2031-05-05",
    )
    assert events[0]["store_ids"] == [store_ids["SH01"]]
    admin.write("loyalty.program", [promotion], {"date_to": "2031-05-09"})
    moved = admin.read("multistore.demand.event", [events[0]["id"]], ["date_to"])
    assert moved[0]["date_to"] == str(date(2031, 5, 9))
    admin.write("loyalty.program", [promotion], {"active": False})
    assert not admin.search(
        "multistore.demand.event", [("promotion_program_id", "=", promotion)]
    )


@pytest.mark.parametrize("login", ["sh01.manager", "sh01.staff"])
def test_store_roles_read_the_calendar_but_do_not_plan(
    rpc, store_ids, promotion, refused, login
):
    client = rpc(login)
    mine = client.search(
        "loyalty.program",
        [("multistore_on_calendar", "=", True), ("multistore_my_store", "=", True)],
    )
    assert promotion in mine
    with refused(watch=[("loyalty.program", [promotion], ["date_to"])]):
        client.write("loyalty.program", [promotion], {"date_to": "2031-06-30"})
    with refused(new=[("loyalty.program", [("name", "=", "E2E forged promo")])]):
        client.create(
            "loyalty.program",
            {
                "name": "E2E forged promo",
                "program_type": "promotion",
                "store_ids": [(6, 0, [store_ids["SH01"]])],
            },
        )
    other = rpc("bj01.staff").search(
        "loyalty.program",
        [("multistore_on_calendar", "=", True), ("multistore_my_store", "=", True)],
    )
    assert promotion not in other
