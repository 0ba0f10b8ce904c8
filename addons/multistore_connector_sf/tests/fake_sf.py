"""A local SF Express Open Platform (standard interface) for the tests.

Speaks the documented protocol: a form POST with partnerID, requestID,
serviceCode, timestamp, msgDigest and msgData, answered with apiResultCode,
apiErrorMsg and apiResultData (a JSON string with success, errorCode,
errorMsg and msgData). It verifies the digest with its own encoder (Java's
URLEncoder, as the platform runs) and answers A1006 when it is wrong.

Services: EXP_RECE_CREATE_ORDER (8016 for a known orderId, cancelled or
not), EXP_RECE_SEARCH_ORDER_RESP, EXP_RECE_SEARCH_ROUTES (opCode 50, then 80
after ``deliver_after`` queries of a waybill; nothing for a cancelled one),
EXP_RECE_UPDATE_ORDER with dealType 2 (cancel: msgData ``{"orderId",
"waybillNoInfoList", "resStatus": 2}``; 8018 for an unknown orderId, 8037
已消单 for a cancelled one, and a refusal once the parcel was collected: its
routes were queried, or its waybill is in ``picked_up``),
COM_RECE_CLOUD_PRINT_WAYBILLS (云打印面单 2.0: apiResultData ``{"success",
"errorCode", "errorMessage", "requestId", "obj": {"files": [{"url",
"token", "waybillNo", ...}]}}``; a template not in ``label_templates`` or a
waybill it did not book, or cancelled, is refused). The label files are
served on the same server: a GET of the file's URL with the header
``X-Auth-token`` of its token gets the PDF, a wrong token 401.
``fail_next`` makes the next calls fail: ``"http500"``, ``"A1099"``
(platform error), ``"after_create"`` or ``"after_cancel"`` (the order is
created, resp. cancelled, the answer lost as a 500), ``"print_error"`` (the
cloud print answers success false). ``fail_download`` makes the next
downloads fail: ``"not_pdf"`` (an HTML page, status 200) or ``"http500"``.
"""

import base64
import hashlib
import json
import secrets
import threading
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REQUIRED = ("partnerID", "requestID", "serviceCode", "timestamp", "msgDigest")


def java_urlencode(text):
    """java.net.URLEncoder.encode(text, "UTF-8"), byte by byte."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if byte < 128 and (char.isalnum() or char in ".-*_"):
            out.append(char)
        elif char == " ":
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def expected_digest(msg_data, timestamp, check_word):
    encoded = java_urlencode(msg_data + timestamp + check_word)
    return base64.b64encode(hashlib.md5(encoded.encode()).digest()).decode()


class FakeSf:
    def __init__(self, partner_id, check_word):
        self.partner_id = partner_id
        self.check_word = check_word
        self.orders = {}  # orderId -> waybill
        self.cancelled = set()  # orderIds
        self.picked_up = set()  # waybills the courier took
        self.route_queries = Counter()
        self.deliver_after = None
        self.fail_next = []
        self.requests = []  # (serviceCode, msgData) of verified calls
        self.label_templates = {f"fm_150_standard_{partner_id}"}
        self.label_files = {}  # path -> (token, waybill)
        self.downloads = []  # (path, X-Auth-token sent, HTTP status)
        self.fail_download = []
        self._next_waybill = 1000
        self._lock = threading.Lock()
        self.server = None
        self.url = None

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                with fake._lock:
                    status, answer = fake.handle(form)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                with fake._lock:
                    status, content_type, data = fake.serve_file(
                        self.path, self.headers.get("X-Auth-token")
                    )
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.url = f"{self.base_url}/std/service"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def reset(self):
        with self._lock:
            self.orders.clear()
            self.cancelled.clear()
            self.picked_up.clear()
            self.route_queries.clear()
            self.deliver_after = None
            self.fail_next = []
            self.requests = []
            self.label_templates = {f"fm_150_standard_{self.partner_id}"}
            self.label_files.clear()
            self.downloads = []
            self.fail_download = []

    def calls(self, service_code):
        return [data for code, data in self.requests if code == service_code]

    # ------------------------------------------------------------------
    @staticmethod
    def _platform(code, message=""):
        return {"apiResultCode": code, "apiErrorMsg": message, "apiResultData": None}

    @staticmethod
    def _result(success, msg_data=None, error_code="S0000", error_msg=None):
        return {
            "apiResultCode": "A1000",
            "apiErrorMsg": "",
            "apiResultData": json.dumps(
                {
                    "success": success,
                    "errorCode": error_code,
                    "errorMsg": error_msg,
                    "msgData": msg_data,
                },
                ensure_ascii=False,
            ),
        }

    def handle(self, form):
        if any(not form.get(key) for key in REQUIRED) or "msgData" not in form:
            return 200, self._platform("A1001", "必传参数不可为空")
        if form["partnerID"] != self.partner_id:
            return 200, self._platform("A1004", "无对应服务权限")
        digest = expected_digest(form["msgData"], form["timestamp"], self.check_word)
        if form["msgDigest"] != digest:
            return 200, self._platform("A1006", "数字签名无效")
        service = form["serviceCode"]
        data = json.loads(form["msgData"])
        self.requests.append((service, data))
        failure = self.fail_next.pop(0) if self.fail_next else None
        if failure == "http500":
            return 500, {"error": "Internal Server Error"}
        if failure == "A1099":
            return 200, self._platform("A1099", "系统异常")
        handler = {
            "EXP_RECE_CREATE_ORDER": self._create_order,
            "EXP_RECE_SEARCH_ORDER_RESP": self._search_order,
            "EXP_RECE_SEARCH_ROUTES": self._search_routes,
            "EXP_RECE_UPDATE_ORDER": self._update_order,
            "COM_RECE_CLOUD_PRINT_WAYBILLS": self._print_waybills,
        }.get(service)
        if not handler:
            return 200, self._platform("A1004", "无对应服务权限")
        if failure == "print_error":
            return 200, self._print_result(False, "1000", "系统繁忙，请稍后再试")
        answer = handler(data)
        if failure in ("after_create", "after_cancel"):
            return 500, {"error": "Gateway Timeout"}
        return 200, answer

    def _waybills(self, order_id):
        return [{"waybillType": 1, "waybillNo": self.orders[order_id]}]

    def _create_order(self, data):
        order_id = data.get("orderId")
        contacts = data.get("contactInfoList") or []
        if not order_id or len(contacts) != 2 or not data.get("cargoDetails"):
            return self._result(False, error_code="1010", error_msg="参数不完整")
        if order_id in self.orders:
            return self._result(False, error_code="8016", error_msg="重复下单")
        self._next_waybill += 1
        self.orders[order_id] = f"SF7444400{self._next_waybill:06d}"
        return self._result(
            True,
            {
                "orderId": order_id,
                "originCode": "021",
                "destCode": "021",
                "filterResult": 2,
                "waybillNoInfoList": self._waybills(order_id),
            },
        )

    def _search_order(self, data):
        order_id = data.get("orderId")
        if order_id not in self.orders:
            return self._result(False, error_code="20052", error_msg="订单不存在")
        return self._result(
            True, {"orderId": order_id, "waybillNoInfoList": self._waybills(order_id)}
        )

    def _search_routes(self, data):
        numbers = data.get("trackingNumber") or []
        if str(data.get("trackingType")) != "1" or len(numbers) > 10:
            return self._result(False, error_code="1010", error_msg="参数不正确")
        known = {
            waybill
            for order_id, waybill in self.orders.items()
            if order_id not in self.cancelled
        }
        resps = []
        for number in numbers:
            if number not in known:
                continue
            self.route_queries[number] += 1
            routes = [
                {
                    "acceptAddress": "上海市",
                    "acceptTime": "2026-12-01 10:03:00",
                    "remark": "顺丰速运 已收取快件",
                    "opCode": "50",
                }
            ]
            if (
                self.deliver_after is not None
                and self.route_queries[number] >= self.deliver_after
            ):
                routes.append(
                    {
                        "acceptAddress": "上海市",
                        "acceptTime": "2026-12-02 15:30:00",
                        "remark": "快件已签收，签收人：本人",
                        "opCode": "80",
                    }
                )
            resps.append({"mailNo": number, "routes": routes})
        return self._result(True, {"routeResps": resps})

    def _update_order(self, data):
        order_id = data.get("orderId")
        if str(data.get("dealType")) != "2":
            return self._result(False, error_code="1010", error_msg="仅支持取消")
        if order_id not in self.orders:
            return self._result(False, error_code="8018", error_msg="未获取到订单信息")
        if order_id in self.cancelled:
            return self._result(False, error_code="8037", error_msg="已消单")
        waybill = self.orders[order_id]
        if self.route_queries[waybill] or waybill in self.picked_up:
            return self._result(
                False, error_code="8044", error_msg="快件已揽收，不能取消订单"
            )
        self.cancelled.add(order_id)
        return self._result(
            True,
            {
                "orderId": order_id,
                "waybillNoInfoList": self._waybills(order_id),
                "resStatus": 2,
                "extraInfoList": None,
            },
        )

    # ------------------------------------------------------------------
    # Cloud print (云打印面单 2.0)
    # ------------------------------------------------------------------
    @staticmethod
    def _print_result(success, error_code=None, error_message=None, obj=None):
        return {
            "apiResultCode": "A1000",
            "apiErrorMsg": "",
            "apiResultData": json.dumps(
                {
                    "success": success,
                    "errorCode": error_code,
                    "errorMessage": error_message,
                    "requestId": secrets.token_hex(8),
                    "obj": obj,
                },
                ensure_ascii=False,
            ),
        }

    def _print_waybills(self, data):
        template = data.get("templateCode")
        documents = data.get("documents") or []
        if (
            data.get("version") != "2.0"
            or data.get("fileType") != "pdf"
            or data.get("sync") is not True
            or len(documents) != 1
        ):
            return self._print_result(False, "1010", "参数不正确")
        if template not in self.label_templates:
            return self._print_result(False, "8000", f"模板编码{template}不存在")
        waybill = documents[0].get("masterWaybillNo")
        booked = {
            number
            for order_id, number in self.orders.items()
            if order_id not in self.cancelled
        }
        if waybill not in booked:
            return self._print_result(False, "8001", f"运单号{waybill}不存在或已取消")
        token = secrets.token_urlsafe(16)
        path = f"/labels/{secrets.token_hex(8)}.pdf"
        self.label_files[path] = (token, waybill)
        return self._print_result(
            True,
            obj={
                "clientCode": self.partner_id,
                "templateCode": template,
                "fileType": "pdf",
                "files": [
                    {
                        "url": self.base_url + path,
                        "token": token,
                        "waybillNo": waybill,
                        "seqNo": 1,
                        "areaNo": 1,
                        "pageNo": 1,
                        "pageCount": 1,
                    }
                ],
            },
        )

    @staticmethod
    def label_pdf(waybill):
        return f"%PDF-1.4\n% SF label {waybill}\n%%EOF\n".encode()

    def serve_file(self, path, token):
        """``(status, content type, body)`` of a GET of a label file."""
        known = self.label_files.get(path)
        if not known:
            status = 404
        elif not token or not secrets.compare_digest(token, known[0]):
            status = 401
        else:
            status = 200
        failure = (
            self.fail_download.pop(0) if status == 200 and self.fail_download else None
        )
        if failure == "http500":
            status = 500
        self.downloads.append((path, token, status))
        if status != 200:
            return status, "application/json", json.dumps({"status": status}).encode()
        if failure == "not_pdf":
            return 200, "text/html", b"<html><body>session expired</body></html>"
        return 200, "application/pdf", self.label_pdf(known[1])
