from typing import Annotated

from fastapi import APIRouter, Depends

from ..dependencies import ApiCall, api_call
from ..schemas import StoreOut
from .common import label

router = APIRouter(tags=["stores"])


def store_out(store):
    return StoreOut(
        id=store.id,
        code=store.code,
        name=store.name,
        store_type=store.store_type,
        store_type_label=label(store, "store_type"),
        city=store.city or None,
        phone=store.phone or None,
    )


@router.get("/stores", response_model=list[StoreOut])
def list_stores(call: Annotated[ApiCall, Depends(api_call)]) -> list[StoreOut]:
    """The stores this key may access."""
    return [store_out(store) for store in call.stores]
