"""SF Express Open Platform (丰桥), standard interface ("标准接口").

One HTTP POST (``application/x-www-form-urlencoded``) per call to the
service URL with ``partnerID``, ``requestID`` (a UUID), ``serviceCode``,
``timestamp`` (milliseconds), ``msgData`` (the request, JSON) and
``msgDigest`` = Base64(MD5(URL-encode-UTF-8(msgData + timestamp +
checkWord))). The platform answers ``{"apiResultCode": "A1000",
"apiErrorMsg": "", "apiResultData": "<JSON string>"}``; ``apiResultData``
holds the service's ``success``, ``errorCode``, ``errorMsg`` and
``msgData`` (the cloud print service, 云打印面单 2.0, answers ``obj`` and
``errorMessage`` instead). The label it renders is then downloaded with an
HTTP GET of the file's ``url`` and the header ``X-Auth-token: <token>``.

The route push (路由推送) goes the other way: SF POSTs the route events of
the customer's waybills to the URL the customer registered, as JSON
``{"Body": {"WaybillRoute": [{"mailno", "orderid", "acceptTime",
"acceptAddress", "remark", "opCode", "id", ...}]}}``, and expects
``{"return_code": "0000", "return_msg": "成功"}`` (anything else: it sends
the push again later).

Plain Python (no Odoo): the models call it, the fake server of the tests
checks it.
"""

import base64
import hashlib
import json
import time
import urllib.parse
import uuid

import requests

PRODUCTION_URL = "https://sfapi.sf-express.com/std/service"
SANDBOX_URL = "https://sfapi-sbox.sf-express.com/std/service"

SERVICE_CREATE_ORDER = "EXP_RECE_CREATE_ORDER"  # 下订单
SERVICE_SEARCH_ORDER = "EXP_RECE_SEARCH_ORDER_RESP"  # 订单结果查询
SERVICE_SEARCH_ROUTES = "EXP_RECE_SEARCH_ROUTES"  # 路由查询
SERVICE_UPDATE_ORDER = "EXP_RECE_UPDATE_ORDER"  # 订单确认/取消
SERVICE_CLOUD_PRINT = "COM_RECE_CLOUD_PRINT_WAYBILLS"  # 云打印面单 2.0

API_OK = "A1000"
# Platform codes worth a second try: flow control, service unreachable,
# system error (A1001-A1004 and A1006-A1008 are the caller's mistakes).
TRANSIENT_API_CODES = {"A1005", "A1009", "A1099"}
ERROR_DUPLICATE_ORDER = "8016"  # 重复下单: the orderId was used already
# EXP_RECE_UPDATE_ORDER: dealType 2 cancels; resStatus 2 is done (1: the
# orderId and the waybill do not match); 8037 已消单 and 8253 订单已取消
# answer a cancellation of an order cancelled before.
DEAL_CANCEL = 2
RES_STATUS_OK = "2"
ERRORS_ALREADY_CANCELLED = {"8037", "8253"}
OP_PICKED_UP = "50"
OP_SIGNED = "80"  # 已签收: delivered
# Tracking numbers per route query (the service's limit).
ROUTE_BATCH_MAX = 10
# Cloud print (云打印面单 2.0): the standard 100x150 mm template of the
# partner is fm_150_standard_<partnerID>; the label is a PDF fetched with
# the file's token in this header.
LABEL_TEMPLATE_DEFAULT = "fm_150_standard_{partner}"
LABEL_TOKEN_HEADER = "X-Auth-token"
LABEL_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF"

# Route push: the answers SF expects, and the form fields that may carry
# the pushed JSON when it comes form-encoded.
PUSH_OK = {"return_code": "0000", "return_msg": "成功"}
PUSH_REFUSED = "1000"
PUSH_FORM_KEYS = ("content", "msgData", "data", "Body")
PUSH_MAX_ROUTES = 1000
# The keys of a pushed route, and the other spellings met for them.
PUSH_ROUTE_KEYS = {
    "mailno": ("mailNo",),
    "orderid": ("orderId",),
    "id": (),
    "acceptTime": (),
    "acceptAddress": (),
    "remark": (),
    "opCode": ("opcode",),
}
PUSH_FIELD_MAX = 1024


class SfError(Exception):
    """A call that did not succeed: transport, platform or service error.

    ``transient`` tells whether the same call may succeed when sent again
    (HTTP 5xx, timeout, connection error, platform flow control or outage).
    """

    def __init__(self, code, message, http_status=None, transient=False):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.transient = transient


def msg_digest(msg_data, timestamp, check_word):
    """``msgDigest`` of the documented recipe: the UTF-8 URL encoding (form
    encoding: space as ``+``) of msgData + timestamp + checkWord, its MD5
    bytes, in Base64."""
    text = urllib.parse.quote_plus(
        f"{msg_data}{timestamp}{check_word}", safe="", encoding="utf-8"
    )
    return base64.b64encode(hashlib.md5(text.encode("ascii")).digest()).decode()


def dump_msg_data(payload):
    """``msgData`` as compact JSON that every URL encoder encodes alike.

    Java's URLEncoder (the platform) and Python's quote_plus (SF's Python
    SDK) differ on ``*`` and ``~`` only; in JSON both can only occur inside
    strings, where their ``\\u`` escapes mean the same text.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("*", "\\u002a").replace("~", "\\u007e")


def call(url, partner_id, check_word, service_code, payload, timeout=15):
    """Send one request; the service's ``msgData`` (a dict) or SfError."""
    msg_data = dump_msg_data(payload)
    timestamp = str(int(time.time() * 1000))
    form = {
        "partnerID": partner_id,
        "requestID": str(uuid.uuid4()),
        "serviceCode": service_code,
        "timestamp": timestamp,
        "msgDigest": msg_digest(msg_data, timestamp, check_word),
        "msgData": msg_data,
    }
    try:
        response = requests.post(url, data=form, timeout=timeout)
    except requests.Timeout as exc:
        raise SfError("timeout", str(exc), transient=True) from exc
    except requests.RequestException as exc:
        raise SfError("connection", str(exc), transient=True) from exc
    if response.status_code >= 500:
        raise SfError(
            f"HTTP {response.status_code}",
            response.text[:500],
            http_status=response.status_code,
            transient=True,
        )
    if response.status_code != 200:
        raise SfError(
            f"HTTP {response.status_code}",
            response.text[:500],
            http_status=response.status_code,
        )
    return parse_response(response.text, http_status=response.status_code)


def parse_response(text, http_status=200):
    try:
        body = json.loads(text)
        api_code = body.get("apiResultCode")
    except (ValueError, AttributeError) as exc:
        raise SfError(
            "bad_response", text[:500], http_status=http_status, transient=True
        ) from exc
    if api_code != API_OK:
        raise SfError(
            api_code or "bad_response",
            body.get("apiErrorMsg") or "",
            http_status=http_status,
            transient=api_code in TRANSIENT_API_CODES,
        )
    result = body.get("apiResultData") or "{}"
    if isinstance(result, str):
        result = json.loads(result)
    if not result.get("success"):
        raise SfError(
            str(result.get("errorCode") or "error"),
            result.get("errorMsg") or result.get("errorMessage") or "",
            http_status=http_status,
        )
    # The cloud print service answers its data in "obj", not "msgData".
    msg_data = (
        result.get("msgData") if "msgData" in result else result.get("obj")
    ) or {}
    if isinstance(msg_data, str):
        msg_data = json.loads(msg_data)
    return msg_data


def label_payload(template_code, waybill_no):
    """msgData of COM_RECE_CLOUD_PRINT_WAYBILLS for one waybill's PDF label,
    rendered at once (``sync``)."""
    return {
        "templateCode": template_code,
        "version": "2.0",
        "fileType": "pdf",
        "sync": True,
        "documents": [{"masterWaybillNo": waybill_no}],
    }


def label_file(data, waybill_no):
    """The file of ``waybill_no`` among the ``files`` of a cloud print
    answer (``{"url", "token", "waybillNo", ...}``), or SfError."""
    files = [f for f in (data.get("files") or []) if isinstance(f, dict)]
    for file in files:
        if file.get("waybillNo") in (waybill_no, None) and file.get("url"):
            return file
    raise SfError("no_file", f"no label file for waybill {waybill_no}")


def download_label(url, token, timeout=15):
    """The PDF bytes at ``url`` (a file of the cloud print service), or
    SfError: transport and HTTP errors, an answer that is not a PDF."""
    if not (url or "").startswith(("https://", "http://")):
        raise SfError("bad_url", f"not a file URL: {url!r}")
    try:
        response = requests.get(
            url, headers={LABEL_TOKEN_HEADER: token or ""}, timeout=timeout, stream=True
        )
    except requests.Timeout as exc:
        raise SfError("timeout", str(exc), transient=True) from exc
    except requests.RequestException as exc:
        raise SfError("connection", str(exc), transient=True) from exc
    with response:
        if response.status_code != 200:
            raise SfError(
                f"HTTP {response.status_code}",
                response.text[:500],
                http_status=response.status_code,
                transient=response.status_code >= 500,
            )
        content = bytearray()
        try:
            for chunk in response.iter_content(64 * 1024):
                content += chunk
                if len(content) > LABEL_MAX_BYTES:
                    raise SfError(
                        "too_large", f"the label is over {LABEL_MAX_BYTES} bytes"
                    )
        except requests.RequestException as exc:
            raise SfError("connection", str(exc), transient=True) from exc
    if not content.startswith(PDF_MAGIC):
        raise SfError(
            "not_pdf",
            "the label file is not a PDF ("
            f"{response.headers.get('Content-Type') or 'no content type'})",
            http_status=200,
        )
    return bytes(content)


class PushError(ValueError):
    """A request to the route push URL that is not a route push."""


def _get(mapping, key):
    """``mapping[key]`` whatever the case of the key's first letter
    (``Body``/``body``, ``WaybillRoute``/``waybillRoute``)."""
    for name in (key, key[0].lower() + key[1:], key[0].upper() + key[1:]):
        if name in mapping:
            return mapping[name]
    return None


def parse_route_push(body, form=None):
    """The route events of a route push, as dicts of text values with the
    keys of the route query (``acceptTime``, ``acceptAddress``, ``remark``,
    ``opCode``) and ``mailno``, ``orderid``, ``id``; :class:`PushError` (a
    ValueError) when the request is not a route push.

    ``body`` is the raw request body (JSON), ``form`` its form fields: the
    JSON in one of :data:`PUSH_FORM_KEYS`, or the fields of one route.
    Accepted shapes: ``{"Body": {"WaybillRoute": [...]}}``,
    ``{"WaybillRoute": [...]}``, a list of routes, or one route.
    """
    form = form or {}
    payload = next((form[key] for key in PUSH_FORM_KEYS if form.get(key)), None)
    if payload is None and form.get("mailno"):
        payload = dict(form)
    routes = _route_list(_load_json(body if payload is None else payload))
    if len(routes) > PUSH_MAX_ROUTES:
        raise PushError(f"the push has more than {PUSH_MAX_ROUTES} routes")
    return [_clean_route(route) for route in routes]


def _load_json(payload):
    if isinstance(payload, bytes):
        try:
            payload = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PushError("the push is not UTF-8 text") from exc
    if not isinstance(payload, str):
        return payload
    if not payload.strip():
        raise PushError("the push is empty")
    try:
        return json.loads(payload)
    except ValueError as exc:
        raise PushError("the push is not JSON") from exc


def _route_list(payload):
    if isinstance(payload, dict) and _get(payload, "Body") is not None:
        payload = _get(payload, "Body")
    if isinstance(payload, dict) and _get(payload, "WaybillRoute") is not None:
        payload = _get(payload, "WaybillRoute")
    if isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list) or not payload:
        raise PushError("the push has no WaybillRoute list")
    return payload


def _clean_route(route):
    if not isinstance(route, dict):
        raise PushError("a WaybillRoute is not an object")
    clean = {}
    for key, aliases in PUSH_ROUTE_KEYS.items():
        values = [_get(route, name) for name in (key, *aliases)]
        value = next((v for v in values if v is not None), None)
        if isinstance(value, dict | list):
            raise PushError(f"{key} of a WaybillRoute is not a value")
        # Text PostgreSQL accepts (no NUL), of a sensible length.
        clean[key] = (
            ""
            if value is None
            else str(value).replace("\x00", "").strip()[:PUSH_FIELD_MAX]
        )
    if not clean["mailno"]:
        raise PushError("a WaybillRoute has no mailno")
    return clean
