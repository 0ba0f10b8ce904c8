"""Customer privacy from outside (multistore_privacy): store staff read
customers' phone numbers and emails masked over every read path, only chain
managers export or erase a customer, and an erased customer is found by
nothing any more.

The probes create their own customer (unique name, phone, email) through the
administrator, so they rely on the demo only for its users and stores.
"""

import uuid

import pytest

pytestmark = [pytest.mark.e2e]

STAFF = "sh01.staff"
MANAGER = "sh01.manager"
CHAIN = "chain.manager"


@pytest.fixture(scope="module", autouse=True)
def privacy_installed(admin):
    if not admin.search(
        "ir.module.module",
        [("name", "=", "multistore_privacy"), ("state", "=", "installed")],
    ):
        pytest.skip("multistore_privacy is not installed")


@pytest.fixture
def customer(admin):
    tag = uuid.uuid4().hex[:8]
    values = {
        "name": f"E2E Privacy {tag}",
        "phone": f"139{int(tag, 16) % 10**8:08d}",
        "email": f"e2e.privacy.{tag}@example.com",
        "street": f"{tag} E2E Privacy Road",
    }
    partner_id = admin.create("res.partner", values)
    return partner_id, values


@pytest.mark.parametrize("login", [STAFF, MANAGER])
def test_store_roles_read_contact_details_masked(rpc, customer, login):
    partner_id, values = customer
    client = rpc(login)
    paths = [
        client.read("res.partner", [partner_id], ["phone", "email", "mobile"]),
        client.search_read(
            "res.partner",
            [("id", "=", partner_id)],
            ["phone", "email", "email_normalized", "email_formatted"],
        ),
        client.call(
            "res.partner",
            "web_search_read",
            [("id", "=", partner_id)],
            {"phone": {}, "email": {}, "phone_sanitized": {}},
        ),
        client.call(
            "res.partner",
            "name_search",
            values["name"],
            context={"show_email": True},
        ),
    ]
    for answer in paths:
        text = str(answer)
        assert values["phone"] not in text, answer
        assert values["email"] not in text, answer
    [row] = paths[0]
    assert row["phone"].endswith(values["phone"][-4:]) and "*" in row["phone"]
    assert row["email"].endswith("@example.com") and "*" in row["email"]


def test_store_staff_cannot_group_by_email(rpc, refused, customer):
    client = rpc(STAFF)
    with refused(allow=("AccessError",)):
        client.call("res.partner", "read_group", [], ["email"], ["email"])


def test_chain_manager_reads_clear(rpc, customer):
    partner_id, values = customer
    [row] = rpc(CHAIN).read("res.partner", [partner_id], ["phone", "email"])
    assert row["phone"] == values["phone"]
    assert row["email"] == values["email"]


@pytest.mark.parametrize("login", [STAFF, MANAGER])
def test_export_and_erasure_refused_to_store_roles(rpc, refused, customer, login):
    partner_id, _values = customer
    client = rpc(login)
    watch = [("res.partner", [partner_id], ["name", "email", "phone", "active"])]
    for method in (
        "action_multistore_privacy_export",
        "action_multistore_privacy_erase",
    ):
        with refused(
            watch=watch,
            new=[("multistore.privacy.request", [("partner_id", "=", partner_id)])],
            allow=("AccessError",),
        ):
            client.call("res.partner", method, [partner_id])
    with refused(
        new=[("multistore.privacy.erase.wizard", [("partner_id", "=", partner_id)])],
        allow=("AccessError",),
    ):
        client.create("multistore.privacy.erase.wizard", {"partner_id": partner_id})


def test_chain_manager_erasure_leaves_no_trace(rpc, admin, customer):
    partner_id, values = customer
    chain = rpc(CHAIN)
    chain.call("res.partner", "action_multistore_privacy_export", [partner_id])
    wizard = chain.create("multistore.privacy.erase.wizard", {"partner_id": partner_id})
    chain.call("multistore.privacy.erase.wizard", "action_erase", [wizard])
    for field in ("name", "email", "phone_mobile_search", "street"):
        key = "phone" if field == "phone_mobile_search" else field
        found = admin.call(
            "res.partner",
            "search",
            [(field, "ilike", values[key])],
            context={"active_test": False},
        )
        assert not found, (field, found)
    [row] = admin.call(
        "res.partner",
        "read",
        [partner_id],
        ["name", "email", "phone", "street", "active"],
        context={"active_test": False},
    )
    assert row["name"].endswith(f"#{partner_id}")
    assert not (row["email"] or row["phone"] or row["street"] or row["active"])
    assert not admin.search(
        "ir.attachment",
        [("res_model", "=", "res.partner"), ("res_id", "=", partner_id)],
    )
    requests = chain.search_read(
        "multistore.privacy.request",
        [("partner_id", "=", partner_id)],
        ["request_type", "reference"],
        context={"active_test": False},
    )
    assert {r["request_type"] for r in requests} == {"export", "erasure"}
    assert all(values["name"] not in r["reference"] for r in requests)
