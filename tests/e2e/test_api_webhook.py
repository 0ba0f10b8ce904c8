"""Webhooks of the REST API (addon multistore_api_webhook) over real HTTP: an
integration subscribes a local receiver to "order status changed", imports
an order through the API, and the receiver gets the event, signed with
HMAC-SHA256, sent through queue_job: the receiver fails the first attempt
(HTTP 500) and the retry, after the back-off, is delivered.

queue_job's job runner runs only in a server started with ``--load=...,
queue_job``; the shared e2e server is not, so this module starts a second
Odoo server on the same database that runs the job runner (and serves the
jobs' ``/queue_job/runjob`` calls), as a production deployment does.
"""

import hashlib
import hmac
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from e2e_tools import free_port as _free_port

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent.parent
MARKETPLACE = "demo-marketplace-sh01-key-0001"
DELIVERY_TIMEOUT = 120  # seconds for the failed attempt, back-off and retry


@pytest.fixture(scope="module")
def job_runner(odoo_server, tmp_path_factory):
    """A second Odoo server on the e2e database that runs queue_job's job
    runner."""
    if "multistore_api_webhook" not in odoo_server.addons:
        pytest.skip("multistore_api_webhook is not installed on this server")
    port = _free_port()
    log = tmp_path_factory.mktemp("jobrunner") / "server.log"
    env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS="root:2")
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "odoo",
                "-c",
                str(REPO / "odoo.conf"),
                f"--addons-path={REPO / 'addons'}",
                "-d",
                odoo_server.db,
                f"--db-filter=^{odoo_server.db}$",
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                "--max-cron-threads=0",
                "--load=base,web,queue_job",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/web/login", timeout=10
                ):
                    break
            except (urllib.error.URLError, OSError):
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(1)
        yield log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


class Receiver:
    """A local webhook receiver that fails its first request."""

    def __init__(self, fail_first=1):
        self.requests = []
        self.fail_first = fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                failing = len(receiver.requests) <= receiver.fail_first
                self.send_response(500 if failing else 200)
                self.end_headers()
                self.wfile.write(b"down" if failing else b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count, timeout):
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.5)
        return self.requests


def test_signed_delivery_retried_after_a_failure(odoo_server, admin, job_runner):
    receiver = Receiver(fail_first=1)
    admin.call(
        "ir.config_parameter",
        "set_param",
        "multistore_api_webhook.retry_base_seconds",
        "2",
    )
    integration = admin.search(
        "multistore.api.integration", [("name", "=", "Demo marketplace (Shanghai)")]
    )[0]
    webhook = admin.create(
        "multistore.api.webhook",
        {
            "integration_id": integration,
            "event": "order_status",
            "url": receiver.url,
        },
    )
    secret = admin.read("multistore.api.webhook", [webhook], ["secret"])[0]["secret"]
    order = {
        "external_id": f"E2E-HOOK-{uuid.uuid4().hex[:10]}",
        "store_code": "SH01",
        "customer": {"name": "Webhook Buyer"},
        "lines": [{"default_code": "TEA-001", "quantity": 1}],
    }
    request = urllib.request.Request(
        f"{odoo_server.url}/api/v1/orders",
        data=json.dumps(order).encode(),
        headers={"HTTP-API-KEY": MARKETPLACE, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 201
        order_id = json.loads(response.read())["id"]
    try:
        requests = receiver.wait_for(2, DELIVERY_TIMEOUT)
        assert len(requests) >= 2, (
            f"{len(requests)} webhook request(s) received; job runner log:\n"
            f"{job_runner.read_text()[-3000:]}"
        )
        for headers, body in requests[:2]:
            expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            assert headers["X-Multistore-Signature"] == f"sha256={expected}"
            assert headers["X-Multistore-Event"] == "order_status"
            event = json.loads(body)
            assert event["event"] == "order_status"
            assert event["data"]["order_id"] == order_id
            assert event["data"]["external_id"] == order["external_id"]
            assert event["data"]["state"] == "sale"
        assert requests[0][1] == requests[1][1]
        deadline = time.monotonic() + 30
        while True:
            [delivery] = admin.search_read(
                "multistore.api.webhook.delivery",
                [("webhook_id", "=", webhook)],
                ["state", "attempts", "response_status"],
            )
            if delivery["state"] != "pending" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert (delivery["state"], delivery["attempts"]) == ("delivered", 2)
        assert delivery["response_status"] == 200
    finally:
        admin.write("multistore.api.webhook", [webhook], {"active": False})
        receiver.server.shutdown()
