from fastapi import APIRouter

from odoo import models

from ..routers.returns import router as returns_router


class FastapiEndpoint(models.Model):
    _inherit = "fastapi.endpoint"

    def _get_fastapi_routers(self) -> list[APIRouter]:
        routers = super()._get_fastapi_routers()
        if self.app == "multistore":
            routers = [*routers, returns_router]
        return routers
