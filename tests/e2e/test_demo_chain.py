"""The demo looks like a chain: its members shop at the retail stores' tills.

Odoo's own demo tills (Furniture, Clothes and Bakery Shop) sit in the central
warehouse; the demo members (multistore_loyalty) buy at the retail stores
only, so that their customer figures (multistore_crm) name a retail store as
their favourite.
"""

import pytest

pytestmark = pytest.mark.e2e

MEMBERS = ("Li Na", "Wang Wei", "Chen Jie", "Zhang Min")


def _installed(admin, module):
    return bool(
        admin.search(
            "ir.module.module", [("name", "=", module), ("state", "=", "installed")]
        )
    )


@pytest.fixture(scope="module")
def members(admin):
    if not _installed(admin, "multistore_loyalty"):
        pytest.skip("multistore_loyalty is not installed")
    rows = admin.search_read("res.partner", [("name", "in", MEMBERS)], ["name"])
    assert {row["name"] for row in rows} == set(MEMBERS)
    return {row["id"]: row["name"] for row in rows}


def test_members_buy_at_retail_tills(admin, members):
    orders = admin.search_read(
        "pos.order", [("partner_id", "in", list(members))], ["store_id"]
    )
    assert orders, "the demo members bought nothing at the tills"
    store_ids = {order["store_id"][0] for order in orders}
    types = {
        store["code"]: store["store_type"]
        for store in admin.read(
            "multistore.store", list(store_ids), ["code", "store_type"]
        )
    }
    assert set(types.values()) == {"retail"}, types
    assert len(types) >= 3, types


def test_members_favourite_store_is_a_retail_store(admin, members):
    if not _installed(admin, "multistore_crm"):
        pytest.skip("multistore_crm is not installed")
    profiles = admin.search_read(
        "multistore.customer.profile",
        [("partner_id", "in", list(members))],
        ["partner_id", "favourite_store_id"],
    )
    assert {profile["partner_id"][0] for profile in profiles} == set(members)
    favourites = {
        members[profile["partner_id"][0]]: profile["favourite_store_id"]
        for profile in profiles
    }
    assert all(favourites.values()), favourites
    stores = admin.read(
        "multistore.store",
        list({store[0] for store in favourites.values()}),
        ["store_type"],
    )
    assert {store["store_type"] for store in stores} == {"retail"}, favourites
