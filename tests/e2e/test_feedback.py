"""Customer feedback per store from outside (multistore_feedback, issue #13
point 6): a store manager reads the feedback report of their own store only,
over XML-RPC, JSON-RPC and the web client's call_kw (search, read, grouping,
export), store staff not at all, and nobody writes it. The NPS of the report
is checked against the demo's answers, read as admin and computed here.

Demo: the satisfaction answers of the omnichannel demo (their would-recommend
answers given by multistore_feedback's demo) and the helpdesk demo's tickets
of SH01, BJ01 and GZ01.
"""

from collections import defaultdict

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("users_with_email")]

MODEL = "multistore.feedback.report"
TRANSPORTS = ("xmlrpc", "jsonrpc", "call_kw")
# (attacker login, victim store code)
ATTACKS = (
    ("sh01.manager", "BJ01"),
    ("bj01.manager", "GZ01"),
    ("gz01.manager", "SH01"),
)
MEASURES = [
    "response_count:sum",
    "satisfaction:avg",
    "nps:avg",
    "ticket_open_count:sum",
]


@pytest.fixture(scope="module", autouse=True)
def feedback_installed(admin):
    if not admin.search(
        "ir.module.module",
        [("name", "=", "multistore_feedback"), ("state", "=", "installed")],
    ):
        pytest.skip("multistore_feedback is not installed")


def _victim_rows(admin, store_ids, code):
    ids = admin.search(MODEL, [("store_id", "=", store_ids[code])], limit=5)
    assert ids, f"the demo has no feedback (tickets, answers) of {code} to attack"
    return ids


def _groups(client, domain=()):
    return {
        group["store_id"][0]: group
        for group in client.call(
            MODEL, "read_group", list(domain), MEASURES, ["store_id"], lazy=False
        )
    }


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize(("login", "victim"), ATTACKS)
def test_feedback_other_store_is_hidden(
    connect, admin, store_ids, refused, login, victim, transport
):
    """A store manager finds, groups and reads their own store's feedback,
    never another store's."""
    own = store_ids[login.split(".")[0].upper()]
    ids = _victim_rows(admin, store_ids, victim)
    attacker = connect(login, transport)
    rows = attacker.call(MODEL, "search_read", [], ["store_id"])
    assert rows, f"{login} sees no feedback of their own store"
    assert {row["store_id"][0] for row in rows} == {own}
    assert not attacker.call(MODEL, "search", [("store_id", "=", store_ids[victim])]), (
        f"{login} finds feedback of {victim}"
    )
    assert set(_groups(attacker)) == {own}, f"{login} groups feedback of {victim}"
    with refused(allow=("AccessError",)):
        attacker.call(MODEL, "read", ids, ["nps", "ticket_open_count"])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_feedback_export_of_other_store_refused(
    connect, admin, store_ids, refused, transport
):
    """Exporting store B's rows (the list's Export): refused, whether the
    manager lacks the export right or not."""
    ids = _victim_rows(admin, store_ids, "BJ01")
    attacker = connect("sh01.manager", transport)
    with refused():
        attacker.call(MODEL, "export_data", ids, ["store_id", "nps", "satisfaction"])


def test_feedback_export_with_export_right(rpc, admin, store_ids, refused, user_ids):
    """With the export right, a manager exports their store's rows and is
    refused store B's."""
    group = admin.call(
        "ir.model.data", "check_object_reference", "base", "group_allow_export"
    )[1]
    manager = user_ids["sh01.manager"]
    had = admin.search("res.users", [("id", "=", manager), ("groups_id", "in", group)])
    admin.write("res.users", [manager], {"groups_id": [(4, group)]})
    try:
        attacker = rpc("sh01.manager")
        own = attacker.search(MODEL, [])
        exported = attacker.call(MODEL, "export_data", own, ["store_id/id", "nps"])
        assert exported["datas"]
        ids = _victim_rows(admin, store_ids, "BJ01")
        with refused(allow=("AccessError",)):
            attacker.call(MODEL, "export_data", ids, ["store_id", "nps"])
    finally:
        if not had:
            admin.write("res.users", [manager], {"groups_id": [(3, group)]})


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_feedback_store_staff_refused(connect, refused, transport):
    staff = connect("sh01.staff", transport)
    with refused(allow=("AccessError",)):
        staff.call(MODEL, "search_read", [], ["store_id", "nps"])
    with refused(allow=("AccessError",)):
        staff.call(MODEL, "read_group", [], ["nps:avg"], ["store_id"], lazy=False)


def test_feedback_is_read_only(rpc, admin, store_ids, refused):
    ids = _victim_rows(admin, store_ids, "SH01")
    manager = rpc("sh01.manager")
    with refused(allow=("AccessError", "UserError")):
        manager.write(MODEL, ids[:1], {"nps": 100.0})
    with refused(allow=("AccessError", "UserError")):
        manager.call(MODEL, "unlink", ids[:1])
    with refused(allow=("AccessError", "UserError")):
        manager.create(MODEL, {"store_id": store_ids["SH01"], "nps": 100.0})


def test_feedback_manager_figures_are_the_chain_figures(rpc, admin, store_ids):
    """What a manager sees of their store is what the chain sees of it."""
    chain = _groups(admin)
    for code in ("SH01", "BJ01", "GZ01"):
        manager = rpc(f"{code.lower()}.manager")
        own = _groups(manager)
        assert set(own) == {store_ids[code]}
        for measure in ("response_count", "satisfaction", "nps", "ticket_open_count"):
            assert own[store_ids[code]][measure] == pytest.approx(
                chain[store_ids[code]][measure]
            ), (code, measure)


def test_feedback_nps_from_the_answers(admin):
    """The NPS per store is promoters (9-10) minus detractors (0-6) in percent
    of the would-recommend answers, computed here from the answer lines."""
    lines = admin.search_read(
        "survey.user_input.line",
        [
            ("question_id.multistore_nps", "=", True),
            ("skipped", "=", False),
            ("user_input_id.state", "=", "done"),
            ("user_input_id.store_id", "!=", False),
        ],
        ["user_input_id", "value_scale"],
    )
    if not lines:
        pytest.skip("the demo has no would-recommend answers")
    answers = {
        a["id"]: a["store_id"][0]
        for a in admin.search_read(
            "survey.user_input",
            [("id", "in", [line["user_input_id"][0] for line in lines])],
            ["store_id"],
        )
    }
    scores = defaultdict(list)
    for line in lines:
        scores[answers[line["user_input_id"][0]]].append(line["value_scale"])
    report = _groups(admin, [("feedback_type", "=", "survey")])
    for store, values in scores.items():
        promoters = len([v for v in values if v >= 9])
        detractors = len([v for v in values if v <= 6])
        expected = 100.0 * (promoters - detractors) / len(values)
        assert report[store]["nps"] == pytest.approx(expected), store
