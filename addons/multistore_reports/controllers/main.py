"""The XLSX report routes of OCA ``report_xlsx``, with the parameters of the
suite's workbooks checked first.

OCA's controller turns the ids of the URL with ``int()`` and its options with
``json.loads()``: a client that sends text for an id, an unknown store, an
impossible date or a number beyond any id gets an internal error (500). For
the suite's XLSX reports the route checks each parameter first and answers a
bad one with 400 (403 for stores that are not the user's) and a message that
says what to send instead; good requests go on to OCA's controller unchanged.

The workbooks only read: their routes are *readonly* (Odoo 18), so that with a
read replica configured (``db_replica_host``/``db_replica_port``) they are
rendered from the replica and a heavy export does not load the primary that
the tills write to. Without a replica Odoo opens the same read/write cursor as
before. Should a rendering ever write, Odoo retries it on the primary (and
logs a warning): the tests check that the workbook never does.
"""

import json
import logging

import pytz
from werkzeug.urls import url_decode

from odoo.exceptions import AccessError, UserError
from odoo.http import request, route

from odoo.addons.report_xlsx.controllers.main import ReportController

_logger = logging.getLogger(__name__)

# PostgreSQL ``integer``: no record id is larger.
MAX_ID = 2**31 - 1
# Most records one request may name.
MAX_IDS = 10000
# Prefix of the report names of the suite's addons.
SUITE_PREFIX = "multistore_"


def _multistore_download_readonly(controller):
    """Read-only mode of ``/report/download`` (decided before dispatch):
    readonly for the suite's XLSX workbooks, read/write (Odoo's default) for
    every other report, such as PDFs that Odoo may save as attachments."""
    try:
        url, report_type = json.loads(request.httprequest.values.get("data"))[:2]
    except (TypeError, ValueError):
        return False
    return (
        report_type == "xlsx"
        and isinstance(url, str)
        and url.partition("/report/xlsx/")[2].startswith(SUITE_PREFIX)
    )


class MultistoreReportController(ReportController):
    # Readonly like Odoo's own report route (declared here as the promise
    # this controller keeps: the suite's workbooks write nothing).
    @route(readonly=True)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        report = self._multistore_report(reportname)
        if report:
            try:
                self._multistore_check_params(report, converter, docids, data)
            except (AccessError, UserError) as exc:
                return self._multistore_error_response(exc, as_json=False)
        return super().report_routes(reportname, docids, converter, **data)

    @route(readonly=_multistore_download_readonly)
    def report_download(self, data, context=None, token=None, readonly=True):
        """The web client's download: ``data`` is ``[url, report_type]``.

        OCA's handler logs any failure as a server error and answers 200; a
        bad request for one of the suite's workbooks is answered here with
        400 (403) and the error the web client shows, nothing logged.
        """
        try:
            url, report_type = json.loads(data)[:2]
        except (TypeError, ValueError):
            return self._multistore_error_response(
                UserError(
                    request.env._(
                        "The download request must be "
                        '["/report/xlsx/<report>/<ids>", "xlsx"] in JSON.'
                    )
                )
            )
        if report_type == "xlsx":
            try:
                self._multistore_check_download(url, context)
            except (AccessError, UserError) as exc:
                return self._multistore_error_response(exc)
        return super().report_download(data, context, token=token, readonly=readonly)

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _multistore_report(self, reportname):
        """The suite's XLSX report named ``reportname``, or None."""
        if not isinstance(reportname, str) or not reportname.startswith(SUITE_PREFIX):
            return None
        report = request.env["ir.actions.report"]._get_report_from_name(reportname)
        if not report or report.report_type != "xlsx":
            return None
        return report

    def _multistore_check_download(self, url, context):
        if not isinstance(url, str) or "/report/xlsx/" not in url:
            raise UserError(
                request.env._(
                    "The report address must look like /report/xlsx/<report>/<ids>."
                )
            )
        path, _sep, query = url.split("/report/xlsx/", 1)[1].partition("?")
        reportname, _sep, docids = path.partition("/")
        report = self._multistore_report(reportname)
        if not report:
            return
        # OCA renders ids of the path with the context of the request, and
        # options of the query with both contexts merged.
        post_context = self._multistore_json_object(context, "context")
        data = {}
        if not docids:
            if not query:
                raise UserError(
                    request.env._(
                        "Name the records of the report in its address: "
                        "/report/xlsx/%(report)s/<ids>.",
                        report=reportname,
                    )
                )
            data = dict(url_decode(query).items())
        url_context = self._multistore_json_object(data.get("context"), "context")
        data["context"] = {**post_context, **url_context}
        self._multistore_check_params(report, "xlsx", docids or None, data)

    def _multistore_check_params(self, report, converter, docids, data):
        """Raise UserError/AccessError for a bad parameter of ``report``."""
        env = request.env
        if converter != "xlsx":
            raise UserError(
                env._(
                    "%(report)s is an Excel workbook: download it from "
                    "/report/xlsx/%(name)s/<ids>.",
                    report=report.name,
                    name=report.report_name,
                )
            )
        options = self._multistore_json_object(data.get("options"), "options")
        context = self._multistore_json_object(data.get("context"), "context")
        self._multistore_check_context(context)
        if docids is not None:
            ids = self._multistore_ids(docids)
        else:
            ids = self._multistore_ids(context.get("active_ids") or [])
        values = {k: v for k, v in data.items() if k not in ("options", "context")}
        values.update(options)
        report_model = env[f"report.{report.report_name}"]
        if hasattr(report_model, "_multistore_check_request"):
            report_model._multistore_check_request(ids, values)

    def _multistore_json_object(self, value, name):
        if value is None or value == "":
            return {}
        try:
            parsed = json.loads(value) if isinstance(value, str) else value
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise UserError(
                request.env._(
                    "The %(param)s parameter must be a JSON object, such as "
                    '{"date_from": "2025-01-01"}.',
                    param=name,
                )
            )
        return parsed

    def _multistore_check_context(self, context):
        """The language, companies and time zone of the rendering."""
        env = request.env
        lang = context.get("lang")
        if lang and (
            not isinstance(lang, str)
            or lang not in dict(env["res.lang"].get_installed())
        ):
            raise UserError(
                env._(
                    "The context asks for language %(lang)s, which is not "
                    "installed: send the code of an installed language "
                    "(e.g. en_US).",
                    lang=str(lang)[:40],
                )
            )
        companies = context.get("allowed_company_ids")
        if companies is not None and (
            not isinstance(companies, list)
            or not all(type(c) is int for c in companies)
            or not set(companies) <= set(env.user.company_ids.ids)
        ):
            raise AccessError(
                env._(
                    "The context names companies that are not yours: send the "
                    "ids of your companies in allowed_company_ids, or leave it out."
                )
            )
        tz = context.get("tz")
        if tz and (not isinstance(tz, str) or tz not in pytz.all_timezones_set):
            raise UserError(
                env._(
                    "The context asks for time zone %(tz)s, which does not "
                    "exist: send a time zone name such as Asia/Shanghai.",
                    tz=str(tz)[:40],
                )
            )

    def _multistore_ids(self, docids):
        """Record ids from "1,2,3" (the URL) or a list (the context)."""
        parts = docids.split(",") if isinstance(docids, str) else docids
        if not isinstance(parts, list | tuple) or len(parts) > MAX_IDS:
            parts = None
        ids = []
        for part in parts or [None]:
            if isinstance(part, str) and part.strip().isdigit():
                part = int(part.strip())
            if isinstance(part, bool) or not isinstance(part, int):
                ids = None
                break
            if not 0 < part <= MAX_ID:
                ids = None
                break
            ids.append(part)
        if not ids:
            raise UserError(
                request.env._(
                    "%(value)s is not a list of record ids: send from one to "
                    "%(max)s ids, whole numbers separated by commas (e.g. 1,2,3).",
                    value=str(docids)[:40],
                    max=MAX_IDS,
                )
            )
        return ids

    def _multistore_error_response(self, exc, as_json=True):
        """400 (403 for an AccessError) with the message: as plain text, or
        as the JSON error the web client's download shows."""
        status = 403 if isinstance(exc, AccessError) else 400
        _logger.info("XLSX report refused (%s): %s", status, exc.args[0])
        if not as_json:
            return request.make_response(
                exc.args[0],
                headers=[("Content-Type", "text/plain; charset=utf-8")],
                status=status,
            )
        error = {
            "code": status,
            "message": "Odoo Server Error",
            "data": {
                "name": f"{type(exc).__module__}.{type(exc).__name__}",
                "message": exc.args[0],
                "arguments": [exc.args[0]],
                "context": {},
                "debug": "",
            },
        }
        return request.make_response(
            json.dumps(error),
            headers=[("Content-Type", "application/json")],
            status=status,
        )
