"""bin/test: which lines of Odoo's log fail a run whose tests all passed."""

import importlib.util
from importlib.machinery import SourceFileLoader
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "test"


def load_bin_test():
    loader = SourceFileLoader("multistore_bin_test", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


PRECONNECT = (
    "2026-12-01 14:09:40,368 15112 ERROR ? werkzeug: 127.0.0.1 - - "
    "[01/Dec/2026 14:09:40] Request timed out: TimeoutError('timed out') - - -"
)


def test_unused_chromium_preconnection_is_not_an_error():
    bin_test = load_bin_test()
    text = "\n".join(
        [
            "2026-12-01 14:09:40,300 15112 INFO db odoo.tests: Starting X.test_y ...",
            PRECONNECT,
            PRECONNECT.replace("14:09:40,368", "14:11:47,338"),
        ]
    )
    assert bin_test.log_errors(text) == ([], 2)


def test_other_error_lines_still_count():
    bin_test = load_bin_test()
    failing = [
        # an error of a request that was made
        (
            "2026-12-01 14:09:41,000 15112 ERROR db odoo.http: Exception during "
            "request handling."
        ),
        # werkzeug's timeout text inside another logger's message
        (
            "2026-12-01 14:09:42,000 15112 ERROR db odoo.addons.x: Request timed "
            "out: TimeoutError('timed out') - - -"
        ),
        (
            "2026-12-01 14:09:43,000 15112 CRITICAL db odoo.service.server: "
            "Failed to initialize database `db`."
        ),
    ]
    errors, preconnects = bin_test.log_errors("\n".join([PRECONNECT, *failing]))
    assert errors == failing
    assert preconnects == 1


def test_parts_run_side_by_side_and_are_told_in_order(capsys):
    import threading

    bin_test = load_bin_test()
    meet = threading.Barrier(2, timeout=10)

    def first(part):
        meet.wait()  # only passes when the other part runs at the same time
        part.say("   first's detail")
        part.add("first", 3, 0)

    def second(part):
        part.add("second", 1, 0)
        meet.wait()
        part.add("second's end", 2, 0)

    def broken(part):
        raise RuntimeError("no database")

    tally = bin_test.Tally()
    bin_test.side_by_side(
        tally, [("first", first), ("second", second), ("broken", broken)]
    )
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == [
        "   first's detail",
        "== first",
        "== second",
        "== second's end",
        "== broken",
    ]
    assert (tally.passed, tally.failed) == (6, 1)
    assert tally.problems == ["broken: RuntimeError('no database')"]


def test_odoo_suites_reporting_nothing_fail_the_run(tmp_path, monkeypatch, capsys):
    bin_test = load_bin_test()
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "test-odoo-suites").write_text(
        "FAST_MODULES = ['loyalty']\n"
        "def run_suites(modules, add, plain_when_needed=False):\n"
        "    pass\n"
    )
    monkeypatch.setattr(bin_test, "ROOT", tmp_path)
    tally = bin_test.Tally()
    bin_test.odoo_suites(tally)
    assert (tally.passed, tally.failed) == (0, 1)
    assert tally.problems == ["odoo suites: no result"]
