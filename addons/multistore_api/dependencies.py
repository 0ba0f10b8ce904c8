"""What every call of the API goes through: key, rate limit, call log, scopes.

``api_call`` authenticates the ``HTTP-API-KEY`` header against the
integrations, counts the call against the integration's rate limit, runs the
endpoint as the integration's technical user and logs the call with its
status, duration and error. The counter and the log are written in a
transaction of their own, so that a refused or failed call (whose own
transaction is rolled back) is still counted and logged.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.security import APIKeyHeader
from psycopg2 import errorcodes, errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, ValidationError
from odoo.modules import module as odoo_module
from odoo.tools import SQL

from odoo.addons.fastapi.dependencies import odoo_env
from odoo.addons.fastapi.error_handlers import convert_exception_to_status_body

API_KEY_HEADER = "HTTP-API-KEY"
api_key_header = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="The key of your integration (ask the chain's manager).",
)
MAX_ERROR_LENGTH = 2000
# starlette 1.x deprecates the name HTTP_422_UNPROCESSABLE_ENTITY.
HTTP_422 = 422


class ImportRaceError(errors.SerializationFailure):
    """Two calls imported the same external order at the same time.

    Raised instead of the unique violation so that Odoo's request retry
    runs the losing call again, in a new transaction that sees the order the
    winner created (and answers with it, HTTP 200)."""

    pgcode = errorcodes.SERIALIZATION_FAILURE


def api_error(status_code, code, message, **extra):
    """An HTTPException with a JSON body ``{"detail": {"error", "message"}}``."""
    return HTTPException(
        status_code=status_code,
        detail={"error": code, "message": message, **extra},
    )


@contextmanager
def side_env(env, read_committed=False):
    """A superuser environment on a transaction of its own, committed at the
    end. Under tests (one shared test transaction) a savepoint instead.

    ``read_committed``: the transaction runs at READ COMMITTED rather than
    Odoo's REPEATABLE READ, for an atomic counter: an UPSERT that meets the
    row another call is updating waits for it and adds to its new value,
    where REPEATABLE READ fails with a serialization error (calls of one
    integration at the same moment)."""
    if env.registry.in_test_mode() or odoo_module.current_test:
        with env.cr.savepoint():
            yield env(su=True)
        return
    with env.registry.cursor() as cr:
        if read_committed:
            cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
        yield api.Environment(cr, SUPERUSER_ID, {})


# pg_advisory_xact_lock's first key: the batch imports of one API key.
BATCH_LOCK_NAMESPACE = 730_001


def one_batch_at_a_time(
    env: Annotated[api.Environment, Depends(odoo_env)],
    key: Annotated[str | None, Depends(api_key_header)] = None,
) -> Iterator[None]:
    """Dependency: the batch imports of one key run one after the other.

    Two batches of one integration at once (a marketplace over several
    connections) touch the same rows (the store's stock, the customers),
    so under Odoo's REPEATABLE READ one of them fails with a serialization
    error, is retried, and meets the next batch of the other connection
    again until its retries run out. This waits for the key's turn first,
    on a connection of its own and before the call's transaction reads
    anything else, so that the call sees what the previous batch
    committed; the turn ends with the call's transaction (after its
    commit). The key is not checked yet: a wrong key only waits for
    itself."""
    if env.registry.in_test_mode() or odoo_module.current_test:
        yield  # one shared test transaction
        return
    lock_cr = env.registry.cursor()
    try:
        lock_cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                BATCH_LOCK_NAMESPACE,
                key or "",
            )
        )
        # Odoo read the session and the routes in the call's transaction:
        # begin it again, its snapshot after the previous batch's commit
        # (nothing was written in it yet).
        env.cr.rollback()
        env.cr.postcommit.add(lock_cr.close)
        env.cr.postrollback.add(lock_cr.close)
        yield
    except BaseException:
        lock_cr.close()
        raise


class ApiCall:
    """The call being served: the integration and the environment of its
    technical user (language from Accept-Language, company of the
    integration)."""

    def __init__(self, integration, env):
        self.integration = integration
        self.env = env

    def require_scope(self, *codes):
        if any(self.integration._has_scope(code) for code in codes):
            return
        scopes = self.env["multistore.api.scope"].sudo().search([("code", "in", codes)])
        raise api_error(
            status.HTTP_403_FORBIDDEN,
            "scope_missing",
            self.env._(
                "This key may not use this operation: it needs the scope "
                "%(scopes)s. Ask the chain's manager to add it to the "
                "integration.",
                scopes=" / ".join(scopes.mapped("code")) or ", ".join(codes),
            ),
        )

    def store(self, code):
        """The allowed store of code ``code`` (403/404 otherwise)."""
        Store = self.env["multistore.store"].sudo()
        store = Store.search([("code", "=", code)], limit=1)
        if not store:
            raise api_error(
                status.HTTP_404_NOT_FOUND,
                "store_not_found",
                self.env._("There is no store with code %(code)s.", code=code),
            )
        if store not in self.integration.sudo().store_ids:
            raise api_error(
                status.HTTP_403_FORBIDDEN,
                "store_not_allowed",
                self.env._(
                    "This key may not access store %(code)s; its stores are "
                    "%(allowed)s.",
                    code=code,
                    allowed=", ".join(self.integration.sudo().store_ids.mapped("code")),
                ),
            )
        return store.with_env(self.env)

    @property
    def stores(self):
        return self.integration.sudo().store_ids.with_env(self.env)


def _integration_from_key(env, key):
    """The active integration of ``key``, or an empty recordset (as superuser:
    the caller is not authenticated yet).

    The key's record is found through auth_api_key's lookup, cached per
    worker and cleared by every change of a key (OCA ``auth.api.key``
    clears it on create and write of ``key`` or ``user_id``); whether key
    and integration are still active is read on every call, in one query.
    """
    Integration = env["multistore.api.integration"].sudo()
    if not key:
        return Integration.browse()
    system_env = env(user=SUPERUSER_ID, su=True)
    try:
        key_id = system_env["auth.api.key"]._retrieve_api_key_id(key)
    except (AccessError, ValidationError):  # unknown key
        return Integration.browse()
    system_env["auth.api.key"].flush_model(["active"])
    Integration.flush_model(["active", "auth_api_key_id"])
    rows = env.execute_query(
        SQL(
            """
            SELECT i.id
              FROM multistore_api_integration i
              JOIN auth_api_key k ON k.id = i.auth_api_key_id
             WHERE k.id = %s AND k.active AND i.active
             ORDER BY i.id
             LIMIT 1
            """,
            key_id,
        )
    )
    return Integration.browse(rows[0][0] if rows else ())


def _route_path(request):
    route = request.scope.get("route")
    return getattr(route, "path", None) or request.url.path


def _text(value, limit):
    """``value`` as text PostgreSQL accepts (no NUL), at most ``limit`` long."""
    return str(value).replace("\x00", "\\x00")[:limit]


def _log_call(env, integration, request, status_code, started, error=None):
    env["multistore.api.call"]._log(
        {
            "integration_id": integration.id if integration else False,
            "method": request.method,
            "endpoint": _text(_route_path(request), 1024),
            "path": _text(request.url.path, 1024),
            "status_code": status_code,
            "duration_ms": (time.monotonic() - started) * 1000.0,
            "error": error and _text(error, MAX_ERROR_LENGTH),
            "remote_addr": request.client.host if request.client else False,
        }
    )


def _now():
    """Wall-clock seconds (the rate limit's minutes); patched by tests."""
    return time.time()


def _check_rate(env, integration, request, started):
    now = _now()
    minute = int(now // 60)
    with side_env(env, read_committed=True) as rate_env:
        count = rate_env["multistore.api.rate"]._hit(integration.id, minute)
    if count <= integration.rate_limit:
        return
    retry_after = str(max(1, 60 - int(now % 60)))
    message = env._(
        "Rate limit of %(limit)s calls per minute reached: retry in "
        "%(seconds)s seconds.",
        limit=integration.rate_limit,
        seconds=retry_after,
    )
    _log_call(env, integration, request, 429, started, message)
    raise HTTPException(
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        detail={"error": "rate_limited", "message": message},
        headers={"Retry-After": retry_after},
    )


def api_call(
    request: Request,
    response: Response,
    env: Annotated[api.Environment, Depends(odoo_env)],
    key: Annotated[str | None, Depends(api_key_header)] = None,
) -> Iterator[ApiCall]:
    started = time.monotonic()
    integration = _integration_from_key(env, key)
    if not integration:
        message = env._(
            "Missing or unknown API key: send your integration's key in the "
            "%(header)s header.",
            header=API_KEY_HEADER,
        )
        _log_call(env, None, request, 401, started, message)
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail={"error": "unauthorized", "message": message},
            headers={"WWW-Authenticate": API_KEY_HEADER},
        )
    _check_rate(env, integration, request, started)
    user_env = env(
        user=integration.user_id.id,
        context=dict(env.context, allowed_company_ids=integration.company_id.ids),
    )
    try:
        yield ApiCall(integration.with_env(user_env), user_env)
    except ImportRaceError:
        raise  # retried by Odoo; the retry is logged
    except HTTPException as exc:
        _log_call(env, integration, request, exc.status_code, started, exc.detail)
        raise
    except ValueError as exc:
        if "NUL" not in str(exc):
            _log_call(env, integration, request, 500, started, exc)
            raise
        # psycopg2 refuses NUL characters in text: bad input, not a crash.
        message = env._("Text values cannot contain NUL characters.")
        _log_call(env, integration, request, 422, started, message)
        raise api_error(HTTP_422, "bad_text", message) from exc
    except Exception as exc:
        status_code, body = convert_exception_to_status_body(exc)
        _log_call(env, integration, request, status_code, started, body or exc)
        raise
    else:
        route = request.scope.get("route")
        status_code = response.status_code or getattr(route, "status_code", None)
        _log_call(env, integration, request, status_code or 200, started)


def scoped(*codes):
    """Dependency: the call, refused with 403 unless its integration has one
    of the scopes ``codes``."""

    def dependency(call: Annotated[ApiCall, Depends(api_call)]) -> ApiCall:
        call.require_scope(*codes)
        return call

    return dependency
