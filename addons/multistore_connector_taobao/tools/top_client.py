"""A client of the Taobao Open Platform (TOP) gateway, as TOP documents it.

Every call is an HTTP POST (form-encoded) to the gateway with the system
parameters ``method``, ``app_key``, ``session``, ``timestamp`` (Beijing time,
``YYYY-MM-DD HH:MM:SS``), ``format=json``, ``v=2.0``, ``sign_method`` and
``sign``: the upper-case hex MD5 of ``secret + k1v1k2v2... + secret`` over
every parameter but ``sign``, sorted by name (``sign_method=md5``), or the
HMAC-MD5 of ``k1v1k2v2...`` keyed by the secret (``sign_method=hmac``). An
error is answered as ``{"error_response": {"code", "msg", "sub_code",
"sub_msg"}}``.
"""

import hashlib
import hmac
import json
from datetime import datetime

import pytz
import requests

TIMEOUT = 30  # seconds per call
TOP_TZ = pytz.timezone("Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class TopError(Exception):
    """A call that failed: HTTP or network error, or a TOP ``error_response``.

    ``temporary`` is true when calling again later may succeed (network,
    HTTP 5xx, TOP's platform errors and ``isp.*`` service errors); a business
    error (``isv.*``: bad parameter, trade already shipped...) is not.
    """

    def __init__(self, message, code=None, sub_code=None, temporary=True):
        super().__init__(message)
        self.code = code
        self.sub_code = sub_code
        self.temporary = temporary


def top_time(value):
    """A naive UTC datetime as TOP writes times (Beijing time)."""
    return pytz.utc.localize(value).astimezone(TOP_TZ).strftime(TIME_FORMAT)


def sign(params, secret, sign_method="md5"):
    """The ``sign`` of ``params`` (every parameter but ``sign`` itself)."""
    text = "".join(
        f"{key}{params[key]}"
        for key in sorted(params)
        if key != "sign" and params[key] is not None
    )
    if sign_method == "hmac":
        digest = hmac.new(secret.encode(), text.encode(), hashlib.md5).hexdigest()
    else:
        digest = hashlib.md5(f"{secret}{text}{secret}".encode()).hexdigest()
    return digest.upper()


def _is_temporary(error):
    sub_code = error.get("sub_code") or ""
    if sub_code.startswith("isv."):
        return False
    if sub_code.startswith("isp."):
        return True
    # Platform codes: 7 call limit, 15 remote service error, 520/540 server
    # errors are worth a retry; the others (bad signature, app key, session,
    # arguments) are configuration errors.
    return str(error.get("code")) in ("7", "15", "520", "540")


def call(url, app_key, secret, session, method, params, sign_method="md5", now=None):
    """Call ``method`` with ``params``; the response body (dict) or TopError."""
    values = {
        "method": method,
        "app_key": app_key,
        "session": session,
        "timestamp": (now or datetime.now(TOP_TZ)).strftime(TIME_FORMAT),
        "format": "json",
        "v": "2.0",
        "sign_method": sign_method,
    }
    values.update(
        {key: str(value) for key, value in params.items() if value is not None}
    )
    values["sign"] = sign(values, secret, sign_method)
    try:
        response = requests.post(url, data=values, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise TopError(f"{method}: {exc}"[:500]) from exc
    if response.status_code >= 400:
        raise TopError(
            f"{method}: HTTP {response.status_code} {response.text[:300]}",
            temporary=response.status_code >= 500 or response.status_code == 429,
        )
    try:
        body = response.json()
    except ValueError as exc:
        raise TopError(f"{method}: not JSON: {response.text[:300]}") from exc
    error = body.get("error_response")
    if error:
        raise TopError(
            f"{method}: {error.get('code')} {error.get('msg')}"
            + (
                f" ({error.get('sub_code')}: {error.get('sub_msg')})"
                if error.get("sub_code")
                else ""
            ),
            code=error.get("code"),
            sub_code=error.get("sub_code"),
            temporary=_is_temporary(error),
        )
    return body


def dumps(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
