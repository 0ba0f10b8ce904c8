from contextlib import contextmanager

from fastapi.testclient import TestClient
from starlette.requests import Request
from starlette.responses import JSONResponse

from odoo import Command

from odoo.addons.fastapi.context import odoo_env_ctx
from odoo.addons.fastapi.error_handlers import convert_exception_to_status_body
from odoo.addons.multistore_base.tests.common import MultistoreCommon


def _error_response(request: Request, exc: Exception):
    """As ``FastApiDispatcher.handle_error`` answers on the real server."""
    status_code, body = convert_exception_to_status_body(exc)
    return JSONResponse(
        status_code=status_code, content=body, headers=getattr(exc, "headers", None)
    )


class ApiCommon(MultistoreCommon):
    """Stores A and B (multistore_base), an integration per kind of key and a
    client of the /api/v1 app running in the test transaction."""

    KEY_A = "test-key-store-a-all-scopes"
    KEY_RO = "test-key-store-a-read-only"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.endpoint = cls.env.ref("multistore_api.fastapi_endpoint_multistore").sudo()
        cls.Integration = cls.env["multistore.api.integration"]
        scopes = cls.env["multistore.api.scope"].search([])
        cls.integration_a = cls.Integration.create(
            {
                "name": "Marketplace A",
                "api_key": cls.KEY_A,
                "store_ids": [Command.set(cls.store_a.ids)],
                "scope_ids": [Command.set(scopes.ids)],
            }
        )
        cls.integration_ro = cls.Integration.create(
            {
                "name": "Read-only A",
                "api_key": cls.KEY_RO,
                "store_ids": [Command.set(cls.store_a.ids)],
                "scope_ids": [
                    Command.set(
                        scopes.filtered(
                            lambda s: s.code in ("read_catalog", "read_stock")
                        ).ids
                    )
                ],
            }
        )
        cls.product.write({"default_code": "TEA-T1", "barcode": "690000000001"})

    @contextmanager
    def client(self, lang=None):
        env = self.env(user=self.endpoint.user_id)
        if lang:
            env = env(context=dict(env.context, lang=lang))
        app = self.endpoint._get_app()
        app.exception_handlers[Exception] = _error_response
        token = odoo_env_ctx.set(env)
        try:
            yield TestClient(app, raise_server_exceptions=False)
        finally:
            odoo_env_ctx.reset(token)

    def call(self, method, path, key=KEY_A, lang=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if key:
            headers["HTTP-API-KEY"] = key
        with self.client(lang=lang) as client:
            return client.request(method, path, headers=headers, **kwargs)

    def order_payload(self, external_id="EXT-1", store_code="A", **extra):
        payload = {
            "external_id": external_id,
            "store_code": store_code,
            "customer": {"name": "Web Buyer", "phone": "+86 138 0000 0001"},
            "lines": [{"default_code": "TEA-T1", "quantity": 2}],
        }
        payload.update(extra)
        return payload
