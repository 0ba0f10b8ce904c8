"""A property-based run of the live OpenAPI document of /api/v1
(schemathesis): requests generated from the schema, valid and invalid, must
never get a server error (HTTP 5xx).

It runs with the demo key of the central warehouse (every scope, no rate
limit to speak of), so the orders it manages to import and ship stay out of
the shops' demo data. Bounded: the examples and fuzzing phases with a few
examples per operation, one worker (about a minute).
"""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e

KEY = "demo-api-test-client-key-0005"
MAX_EXAMPLES = 15
TIMEOUT = 600  # seconds; a run takes well under 2 minutes


def test_no_server_error_on_generated_input(odoo_server, tmp_path):
    if "multistore_api" not in odoo_server.addons:
        pytest.skip("multistore_api is not installed on this server")
    pytest.importorskip("schemathesis")
    report = tmp_path / "schemathesis.txt"
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{odoo_server.url}/api/v1/openapi.json",
        "--header",
        f"HTTP-API-KEY: {KEY}",
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        "--seed",
        "14",
        "--request-timeout",
        "60",
        "--no-color",
    ]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=tmp_path,
    )
    report.write_text(done.stdout + done.stderr)
    assert done.returncode == 0, (
        f"schemathesis found server errors (exit {done.returncode}):\n"
        f"{done.stdout[-6000:]}\n{done.stderr[-2000:]}"
    )
    assert " passed" in done.stdout and "Server error" not in done.stdout, done.stdout
