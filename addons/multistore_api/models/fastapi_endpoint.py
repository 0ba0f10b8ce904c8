from typing import Any

from fastapi import APIRouter

from odoo import fields, models

from ..routers import multistore_router

API_DESCRIPTION = """
REST API of the Multistore retail chain for its other systems (marketplaces,
logistics companies, the chain's own apps).

Every call sends the integration's key in the `HTTP-API-KEY` header. A key
sees only its integration's stores and may use only its scopes; calls above
its rate limit get HTTP 429 with `Retry-After`. Errors are JSON:
`{"detail": {"error": "<code>", "message": "<what to do>"}}`. Labels
(`*_label`) follow `Accept-Language` (`en-US`, `zh-CN`).
"""


class FastapiEndpoint(models.Model):
    _inherit = "fastapi.endpoint"

    app = fields.Selection(
        selection_add=[("multistore", "Multistore REST API")],
        ondelete={"multistore": "cascade"},
    )

    def _get_fastapi_routers(self) -> list[APIRouter]:
        if self.app == "multistore":
            return [multistore_router]
        return super()._get_fastapi_routers()

    def _prepare_fastapi_app_params(self) -> dict[str, Any]:
        params = super()._prepare_fastapi_app_params()
        if self.app == "multistore":
            params["version"] = "1.0"
            params["description"] = API_DESCRIPTION
        return params
