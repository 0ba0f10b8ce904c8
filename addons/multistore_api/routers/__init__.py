from fastapi import APIRouter

from . import catalog, members, orders, stores

ERRORS = {
    401: {"description": "Missing or unknown API key"},
    403: {"description": "Scope missing or store not allowed"},
    429: {"description": "Rate limit reached (see Retry-After)"},
}

multistore_router = APIRouter(responses=ERRORS)
multistore_router.include_router(stores.router)
multistore_router.include_router(catalog.router)
multistore_router.include_router(members.router)
multistore_router.include_router(orders.router)
