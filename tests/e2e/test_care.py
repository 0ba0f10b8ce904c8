"""Customer care from outside (multistore_care): the preference notes of a
store and its VIP list stay with that store over XML-RPC, JSON-RPC and the
web client's ``call_kw``; a note shared with the chain is read, never
changed, by another store.

Demo: the chain's stores SH01, BJ01, GZ01 with a staff user each, and
customers who bought in them (customer figures of multistore_crm).
"""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

NOTE = "multistore.customer.note"
VIP = "multistore.customer.vip"
TRANSPORTS = ("xmlrpc", "jsonrpc", "call_kw")


@pytest.fixture(scope="module", autouse=True)
def care_installed(admin):
    if not admin.search(
        "ir.module.module",
        [("name", "=", "multistore_care"), ("state", "=", "installed")],
    ):
        pytest.skip("multistore_care is not installed")


@pytest.fixture(scope="module")
def customer_id(admin):
    ids = admin.search(
        "res.partner",
        [("partner_share", "=", True), ("is_company", "=", False)],
        limit=1,
    )
    assert ids, "the demo has no customer"
    return ids[0]


@pytest.fixture(scope="module")
def sh01_note(connect, store_ids, customer_id):
    """A note written by SH01's staff, for SH01."""
    staff = connect("sh01.staff")
    return staff.create(
        NOTE,
        {
            "partner_id": customer_id,
            "store_id": store_ids["SH01"],
            "note": "Prefers Longjing, calls before visiting.",
        },
    )


def test_staff_notes_for_own_store(connect, admin, user_ids, store_ids, sh01_note):
    staff = connect("sh01.staff")
    [note] = staff.read(NOTE, [sh01_note], ["store_id", "author_id", "note"])
    assert note["store_id"][0] == store_ids["SH01"]
    assert note["author_id"][0] == user_ids["sh01.staff"]
    staff.write(NOTE, [sh01_note], {"note": "Prefers Longjing, no sugar."})
    [note] = admin.read(NOTE, [sh01_note], ["note"])
    assert note["note"] == "Prefers Longjing, no sugar."


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_other_store_reads_no_note(connect, refused, sh01_note, transport):
    bj01 = connect("bj01.staff", transport)
    assert sh01_note not in bj01.call(NOTE, "search", [])
    with refused():
        bj01.call(NOTE, "read", [sh01_note], ["note"])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_other_store_cannot_change_a_note(connect, refused, sh01_note, transport):
    bj01 = connect("bj01.staff", transport)
    watch = [(NOTE, [sh01_note], ["note", "store_id", "shared"])]
    with refused(watch=watch):
        bj01.call(NOTE, "write", [sh01_note], {"note": "Overwritten by BJ01"})
    with refused(watch=watch):
        bj01.call(NOTE, "unlink", [sh01_note])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_no_note_for_another_store(
    connect, refused, store_ids, customer_id, sh01_note, transport
):
    bj01 = connect("bj01.staff", transport)
    with refused(new=[(NOTE, [("store_id", "=", store_ids["SH01"])])]):
        bj01.call(
            NOTE,
            "create",
            {
                "partner_id": customer_id,
                "store_id": store_ids["SH01"],
                "note": "Planted by BJ01",
            },
        )
    watch = [(NOTE, [sh01_note], ["store_id", "author_id", "date"])]
    sh01 = connect("sh01.staff", transport)
    with refused(watch=watch):
        sh01.call(NOTE, "write", [sh01_note], {"store_id": store_ids["BJ01"]})
    with refused(watch=watch):
        sh01.call(NOTE, "write", [sh01_note], {"author_id": 1})


def test_shared_note_read_not_changed(connect, admin, refused, sh01_note):
    connect("sh01.staff").write(NOTE, [sh01_note], {"shared": True})
    try:
        bj01 = connect("bj01.staff")
        assert sh01_note in bj01.search(NOTE, [])
        assert bj01.read(NOTE, [sh01_note], ["note"])[0]["note"]
        with refused(watch=[(NOTE, [sh01_note], ["note"])]):
            bj01.write(NOTE, [sh01_note], {"note": "Overwritten by BJ01"})
    finally:
        admin.write(NOTE, [sh01_note], {"shared": False})


def test_vip_list_per_store(connect, admin, refused, store_ids):
    admin.call(
        "res.company",
        "write",
        admin.search("res.company", []),
        {"multistore_vip_top_n": 5},
    )
    every = admin.search_read(VIP, [], ["store_id"])
    stores = {row["store_id"][0] for row in every}
    if store_ids["SH01"] not in stores:
        pytest.skip("the demo has no customer figures for SH01")
    staff = connect("sh01.staff")
    own = staff.search_read(VIP, [], ["store_id", "store_rank"])
    assert own, "SH01's staff see SH01's VIPs"
    assert {row["store_id"][0] for row in own} == {store_ids["SH01"]}
    assert all(row["store_rank"] <= 5 for row in own)
    others = [row["id"] for row in every if row["store_id"][0] != store_ids["SH01"]]
    if others:
        with refused():
            staff.read(VIP, others[:1], ["partner_id", "amount"])
