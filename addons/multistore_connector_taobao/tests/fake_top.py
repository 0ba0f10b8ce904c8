"""A local fake of the Taobao Open Platform gateway, for the tests.

It speaks TOP's documented protocol: form-encoded POST to ``/router/rest``,
system parameters checked one by one with TOP's error codes (21 missing
method, 22 invalid method, 23 invalid format, 24 missing signature, 25
invalid signature, 26/27 session, 28/29 app key, 31/32 timestamp, 33/34
version, 40 missing required arguments, 41 invalid arguments), the signature
recomputed here independently of the addon's client, and answers in TOP's
JSON shape (``<method with _ for .>_response`` or ``error_response``).

It serves trades filtered by ``start_modified``/``end_modified`` with paging
(``page_no``, ``page_size``, ``use_has_next``), records stock and shipment
pushes, and can fail the next call of a method once (HTTP 500 or an
``isp.`` error) to test retries.
"""

import hashlib
import hmac
import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytz

TZ = pytz.timezone("Asia/Shanghai")
FORMAT = "%Y-%m-%d %H:%M:%S"
REQUIRED = {
    "taobao.trades.sold.increment.get": ("fields", "start_modified", "end_modified"),
    "taobao.trades.sold.get": ("fields",),
    "taobao.item.quantity.update": ("num_iid", "quantity"),
    "taobao.logistics.offline.send": ("tid", "out_sid", "company_code"),
}


def top_sign(params, secret, method):
    """Computed as TOP documents it, separately from the addon's client."""
    pairs = sorted((k, v) for k, v in params.items() if k != "sign")
    text = "".join(k + v for k, v in pairs)
    if method == "hmac":
        return hmac.new(secret.encode(), text.encode(), "md5").hexdigest().upper()
    return hashlib.md5((secret + text + secret).encode("utf-8")).hexdigest().upper()


class FakeTop:
    def __init__(self, app_key="12345678", secret="test-secret", session="sess-1"):
        self.app_key = app_key
        self.secret = secret
        self.session = session
        self.trades = []
        self.stock = []  # every quantity update received
        self.shipments = []  # every offline send received
        self.calls = []  # (method, params) of every call that passed the checks
        self.fail_next = {}  # method -> "http" or "isp"
        self.shipped = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self._server.server_port}/router/rest"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    # -- data ------------------------------------------------------------
    def add_trade(self, tid, lines, modified=None, status="WAIT_SELLER_SEND_GOODS"):
        """``lines``: ``[(outer_sku_id, num, payment)]``."""
        modified = modified or datetime.now(TZ).replace(tzinfo=None) - timedelta(
            minutes=30
        )
        trade = {
            "tid": tid,
            "status": status,
            "modified": modified.strftime(FORMAT),
            "payment": f"{sum(float(p) for __, __, p in lines):.2f}",
            "receiver_name": "张三",
            "receiver_mobile": "13800138000",
            "receiver_state": "上海",
            "receiver_city": "上海市",
            "receiver_district": "浦东新区",
            "receiver_address": "世纪大道 100 号",
            "orders": {
                "order": [
                    {
                        "oid": int(f"{tid}{index}"),
                        "num_iid": 520000000000 + index,
                        "outer_sku_id": outer,
                        "title": outer,
                        "num": num,
                        "price": f"{float(payment) / num:.2f}",
                        "payment": f"{float(payment):.2f}",
                    }
                    for index, (outer, num, payment) in enumerate(lines)
                ]
            },
        }
        self.trades.append(trade)
        return trade

    # -- protocol ----------------------------------------------------------
    def _error(self, code, msg, sub_code=None, sub_msg=None):
        error = {"code": code, "msg": msg, "request_id": "fake"}
        if sub_code:
            error.update(sub_code=sub_code, sub_msg=sub_msg)
        return {"error_response": error}

    def _check(self, params):
        method = params.get("method")
        if not method:
            return self._error(21, "Missing Method")
        if method not in REQUIRED:
            return self._error(22, "Invalid Method")
        if params.get("format") != "json":
            return self._error(23, "Invalid Format")
        if not params.get("sign"):
            return self._error(24, "Missing Signature")
        if not params.get("app_key"):
            return self._error(28, "Missing App Key")
        if params["app_key"] != self.app_key:
            return self._error(29, "Invalid App Key")
        if not params.get("timestamp"):
            return self._error(31, "Missing Timestamp")
        try:
            stamp = TZ.localize(datetime.strptime(params["timestamp"], FORMAT))
        except ValueError:
            return self._error(32, "Invalid Timestamp")
        if abs((datetime.now(TZ) - stamp).total_seconds()) > 600:
            return self._error(32, "Invalid Timestamp")
        return self._check_version_and_sign(params)

    def _check_version_and_sign(self, params):
        method = params["method"]
        if not params.get("v"):
            return self._error(33, "Missing Version")
        if params["v"] != "2.0":
            return self._error(34, "Invalid Version")
        sign_method = params.get("sign_method", "md5")
        if sign_method not in ("md5", "hmac"):
            return self._error(41, "Invalid Arguments", "isv.invalid-parameter")
        if params["sign"] != top_sign(params, self.secret, sign_method):
            return self._error(25, "Invalid Signature")
        if not params.get("session"):
            return self._error(26, "Missing Session")
        if params["session"] != self.session:
            return self._error(27, "Invalid Session")
        missing = [name for name in REQUIRED[method] if not params.get(name)]
        if missing:
            return self._error(
                40,
                "Missing Required Arguments",
                "isv.missing-parameter",
                f"client-error:Missing required arguments:{missing[0]}",
            )
        return None

    def _answer(self, params):
        method = params["method"]
        if method in ("taobao.trades.sold.increment.get", "taobao.trades.sold.get"):
            return self._trades(params)
        if method == "taobao.item.quantity.update":
            self.stock.append(
                {
                    "num_iid": params["num_iid"],
                    "sku_id": params.get("sku_id"),
                    "outer_id": params.get("outer_id"),
                    "quantity": int(params["quantity"]),
                    "type": params.get("type", "1"),
                }
            )
            return {
                "item_quantity_update_response": {
                    "item": {
                        "num_iid": int(params["num_iid"]),
                        "num": int(params["quantity"]),
                        "modified": datetime.now(TZ).strftime(FORMAT),
                    }
                }
            }
        # taobao.logistics.offline.send
        if params["tid"] in self.shipped:
            return self._error(
                15,
                "Remote service error",
                "isv.logistics-offline-service-error:B04",
                "该订单已发货",
            )
        self.shipped.add(params["tid"])
        self.shipments.append(
            {k: params[k] for k in ("tid", "out_sid", "company_code")}
        )
        return {"logistics_offline_send_response": {"shipping": {"is_success": True}}}

    def _trades(self, params):
        try:
            page_no = int(params.get("page_no") or 1)
            page_size = int(params.get("page_size") or 40)
            start = datetime.strptime(params["start_modified"], FORMAT)
            end = datetime.strptime(params["end_modified"], FORMAT)
        except ValueError:
            return self._error(41, "Invalid Arguments", "isv.invalid-parameter")
        if end - start > timedelta(days=1) or end < start:
            return self._error(
                41,
                "Invalid Arguments",
                "isv.invalid-parameter:start_modified",
                "start_modified and end_modified must be within one day",
            )
        matching = [
            t
            for t in self.trades
            if start <= datetime.strptime(t["modified"], FORMAT) <= end
        ]
        page = matching[(page_no - 1) * page_size : page_no * page_size]
        body = {"trades": {"trade": page}} if page else {}
        if params.get("use_has_next") == "true":
            body["has_next"] = page_no * page_size < len(matching)
        else:
            body["total_results"] = len(matching)
        return {"trades_sold_increment_get_response": body}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                params = dict(parse_qsl(body, keep_blank_values=True))
                method = params.get("method")
                failure = fake.fail_next.pop(method, None)
                if failure == "http":
                    self._send(500, {"message": "internal error"})
                    return
                answer = fake._check(params)
                if answer is None and failure == "isp":
                    answer = fake._error(
                        15,
                        "Remote service error",
                        "isp.top-remote-connection-timeout",
                        "remote service timeout",
                    )
                if answer is None:
                    fake.calls.append((method, params))
                    answer = fake._answer(params)
                self._send(200, answer)

            def _send(self, status, payload):
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
