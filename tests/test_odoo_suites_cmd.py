"""bin/test-odoo-suites: how it reads Odoo's log and tells our failures apart.

The command itself takes tens of minutes (two fresh databases, Odoo's own
suites); these checks cover its judgement on a log of every shape Odoo
writes: tests started, failures, errors, a class that cannot set up,
subtests, skipped tests (counted as failed) and the final result line.
"""

import importlib.util
import subprocess
import sys
import textwrap
import types
from importlib.machinery import SourceFileLoader
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bin" / "test-odoo-suites"


def _load():
    loader = SourceFileLoader("odoo_suites_cmd", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


suites = _load()

PREFIX = "2026-11-30 21:00:00,000 42"


L = "odoo.addons.loyalty.tests.test_loyalty"
S = "odoo.addons.sale_stock.tests"
P = "odoo.addons.pos_loyalty.tests.test_frontend"


def _log(text):
    """Odoo's log lines from ``LEVEL logger: message`` lines (Odoo ends each
    line with a space)."""
    lines = textwrap.dedent(text).strip().splitlines()
    return "".join(
        f"{PREFIX} {line.split(' ', 1)[0]} db {line.split(' ', 1)[1]} \n"
        for line in lines
    )


MULTISTORE_LOG = _log(
    f"""
    ERROR {S}.test_create_perf: ERROR: TestPERF.test_loaded_too_early
    INFO odoo.modules.loading: 80 modules loaded in 2.00s
    INFO odoo.service.server: Starting post tests
    INFO {L}: Starting TestLoyalty.test_points ...
    INFO {L}: Starting TestLoyalty.test_expiry ...
    ERROR {L}: FAIL: TestLoyalty.test_expiry
    INFO {L}: Starting TestLoyalty.test_codes ...
    ERROR {L}: FAIL: Subtest TestLoyalty.test_codes (code='A')
    ERROR odoo.tests.suite: ERROR: setUpClass ({S}.test_sale_stock.TestSaleStock)
    INFO {S}.test_report: Starting TestReport.test_report ...
    INFO {P}: Starting TestUi.test_tour_6 ...
    INFO {P}: skipped TestUi.test_tour_6 : Chrome not found
    INFO {P}: Starting TestUi.test_mobile ...
    ERROR {P}: ERROR: TestUi.test_mobile
    INFO odoo.tests.result: 3 failed, 2 error(s) of 6 tests when loading database
    """
)
PLAIN_LOG = _log(
    f"""
    INFO {L}: Starting TestLoyalty.test_points ...
    INFO {L}: Starting TestLoyalty.test_expiry ...
    ERROR {L}: FAIL: TestLoyalty.test_expiry
    INFO {L}: Starting TestLoyalty.test_codes ...
    INFO {S}.test_sale_stock: Starting TestSaleStock.test_a ...
    INFO {S}.test_sale_stock: Starting TestSaleStock.test_b ...
    INFO {S}.test_report: Starting TestReport.test_report ...
    INFO {P}: Starting TestUi.test_tour_6 ...
    INFO {P}: Starting TestUi.test_mobile ...
    ERROR {P}: ERROR: TestUi.test_mobile
    INFO odoo.tests.result: 1 failed, 1 error(s) of 7 tests when loading database
    """
)
MODULES = ["loyalty", "sale_stock", "pos_loyalty"]


def _side(name, log):
    side = suites.Side(name, MODULES)
    side.results, summary = suites.parse_log(log, MODULES)
    assert summary
    return side


def test_parse_log_counts_tests_and_names_failures():
    results, summary = suites.parse_log(MULTISTORE_LOG, MODULES)
    assert summary.startswith("3 failed, 2 error(s) of 6 tests")
    loyalty = results["loyalty"]
    assert len(loyalty["tests"]) == 3
    # A failing subtest is its test's failure.
    assert loyalty["failed"] == ["TestLoyalty.test_codes", "TestLoyalty.test_expiry"]
    # A class that cannot set up is one failed test, under its module.
    assert results["sale_stock"]["failed"] == ["TestSaleStock (setUpClass)"]
    assert "TestSaleStock (setUpClass)" in results["sale_stock"]["tests"]
    # A skipped tour is a failure.
    assert results["pos_loyalty"]["skipped"] == ["TestUi.test_tour_6"]
    assert results["pos_loyalty"]["failed"] == [
        "TestUi.test_mobile",
        "TestUi.test_tour_6",
    ]


def test_parse_log_without_result_line():
    _results, summary = suites.parse_log(_log("INFO odoo: nothing ran"), MODULES)
    assert summary is None


def test_compare_tells_our_failures_from_odoo_ones():
    plain = _side("plain", PLAIN_LOG)
    multistore = _side("multistore", MULTISTORE_LOG)
    rows, only = suites.compare(plain, multistore, MODULES)
    assert rows == [
        # module, tests plain, failed plain, tests ours, failed ours, only ours
        ("loyalty", 3, 1, 3, 2, 1),
        ("sale_stock", 3, 0, 2, 1, 1),
        ("pos_loyalty", 2, 1, 2, 2, 1),
    ]
    assert only == {
        "loyalty": ["TestLoyalty.test_codes"],
        "sale_stock": ["TestSaleStock (setUpClass)"],
        "pos_loyalty": ["TestUi.test_tour_6"],
    }


class _FakeTest:
    def __init__(self, name):
        self.name = name

    def id(self):
        return self.name


def test_runner_moves_at_install_tests_to_post_install(monkeypatch):
    """While modules load, no at_install test runs; the post-install phase
    runs them, then the post_install ones, each once."""
    phases = {
        "at_install": [_FakeTest("a"), _FakeTest("both")],
        "post_install": [_FakeTest("both"), _FakeTest("p")],
    }
    loader = types.ModuleType("odoo.tests.loader")
    loader.make_suite = lambda modules, position="at_install": phases[position]
    suite = types.ModuleType("odoo.tests.suite")
    suite.OdooSuite = list
    command = types.ModuleType("odoo.cli.command")
    calls = []
    command.main = lambda: calls.append(list(sys.argv))
    odoo = types.ModuleType("odoo")
    tests = types.ModuleType("odoo.tests")
    cli = types.ModuleType("odoo.cli")
    odoo.tests, tests.loader, tests.suite = tests, loader, suite
    odoo.cli, cli.command = cli, command
    for name, module in {
        "odoo": odoo,
        "odoo.tests": tests,
        "odoo.tests.loader": loader,
        "odoo.tests.suite": suite,
        "odoo.cli": cli,
        "odoo.cli.command": command,
    }.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(sys, "argv", ["-c", "-d", "db", "--test-enable"])
    exec(compile(suites.RUNNER, "<runner>", "exec"), {})  # noqa: S102
    assert calls == [["odoo", "-d", "db", "--test-enable"]]
    assert loader.make_suite(["m"], "at_install") == []
    post = loader.make_suite(["m"], "post_install")
    assert [t.id() for t in post] == ["a", "both", "p"]


def test_help_lists_the_options():
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for option in (
        "--fast",
        "--modules",
        "--keep",
        "--reuse-plain",
        "--plain-when-needed",
    ):
        assert option in out
    assert "N passed, M" in suites.__doc__


def test_recheck_keeps_only_tests_failing_twice(monkeypatch, tmp_path):
    side = _side("multistore", MULTISTORE_LOG)
    second_run = _log(
        f"""
        INFO odoo.service.server: Starting post tests
        INFO {L}: Starting TestLoyalty.test_codes ...
        INFO {P}: Starting TestUi.test_mobile ...
        ERROR {P}: ERROR: TestUi.test_mobile
        INFO odoo.tests.result: 0 failed, 1 error(s) of 2 tests when loading
        """
    )
    asked = []

    def fake_odoo(step, *args, runner=False):
        asked.append(args)
        return 0, tmp_path / "x.log", second_run

    monkeypatch.setattr(side, "_odoo", fake_odoo)
    monkeypatch.setattr(suites, "VAR", tmp_path)
    side.recheck(
        {"loyalty": ["TestLoyalty.test_codes"], "pos_loyalty": ["TestUi.test_mobile"]}
    )
    tags = "--test-tags=/loyalty:TestLoyalty.test_codes,/pos_loyalty:TestUi.test_mobile"
    assert tags in asked[0]
    assert side.results["loyalty"]["flaky"] == ["TestLoyalty.test_codes"]
    assert side.results["loyalty"]["failed"] == ["TestLoyalty.test_expiry"]
    assert side.results["pos_loyalty"]["flaky"] == []
    assert "TestUi.test_mobile" in side.results["pos_loyalty"]["failed"]
    assert (tmp_path / "multistore.json").exists()


class _FakeSide:
    """A side whose install and runs are recorded, not executed."""

    def __init__(self, results, problem=None, second_failures=None):
        self.results, self.problem = results, problem
        self.second_failures = second_failures or {}
        self.calls = []

    def install(self, modules):
        self.calls.append(("install", modules))
        return True

    def test(self, only=None):
        self.calls.append(("test", only))

    def load(self):
        return False

    def recheck(self, failed):
        self.calls.append(("recheck", failed))
        for module in failed:
            self.results[module]["failed"] = self.second_failures.get(module, [])


def test_plain_side_when_needed_runs_only_tests_failing_twice():
    """bin/test's mode: Multistore's failures are run again first; plain Odoo
    is installed only for those failing twice, and runs only them."""
    multistore = _FakeSide(
        {
            "loyalty": {"tests": ["A", "B"], "failed": ["A", "B"]},
            "sale_stock": {"tests": ["C"], "failed": ["C"]},
        },
        second_failures={"loyalty": ["B"]},
    )
    plain = _FakeSide({})
    modules = ["loyalty", "sale_stock"]
    assert suites._plain_side(plain, multistore, modules, modules, False, True)
    assert multistore.calls == [
        ("recheck", {"loyalty": ["A", "B"], "sale_stock": ["C"]})
    ]
    assert plain.calls == [("install", modules), ("test", {"loyalty": ["B"]})]


def test_plain_side_not_needed_when_every_failure_was_flaky():
    multistore = _FakeSide(
        {"loyalty": {"tests": ["A"], "failed": ["A"]}}, second_failures={}
    )
    plain = _FakeSide({})
    assert suites._plain_side(plain, multistore, ["loyalty"], ["loyalty"], False, True)
    assert plain.calls == []
    _rows, only = suites.compare(plain, multistore, ["loyalty"])
    assert only == {"loyalty": []}


def test_plain_side_in_full_runs_every_test():
    multistore = _FakeSide({"loyalty": {"tests": ["A"], "failed": ["A"]}})
    plain = _FakeSide({})
    assert not suites._plain_side(
        plain, multistore, ["loyalty"], ["loyalty", "sale"], False, False
    )
    assert multistore.calls == []
    assert plain.calls == [("install", ["loyalty", "sale"]), ("test", None)]
