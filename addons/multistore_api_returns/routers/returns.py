"""Returns: a customer's return of a delivered order, recorded by the
integration that sold it (idempotent per integration and external id), under
the chain's return policy; the chain's return reasons."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from pydantic import BaseModel, ConfigDict, Field

from odoo.exceptions import UserError, ValidationError

from odoo.addons.multistore_api.dependencies import (
    HTTP_422,
    ApiCall,
    api_error,
    scoped,
)
from odoo.addons.multistore_api.routers.common import label
from odoo.addons.multistore_api.routers.orders import OrderId, _get_order
from odoo.addons.multistore_api.schemas import (
    EXTERNAL_ID,
    NO_NUL,
    ProductQuantityIn,
)

router = APIRouter(tags=["returns"])

Code = Annotated[str, Field(min_length=1, max_length=64, pattern=NO_NUL)]


class ReturnLineIn(ProductQuantityIn):
    """A product and the quantity the customer brings back."""


class ReturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    external_id: Annotated[str, Field(min_length=1, max_length=64, pattern=EXTERNAL_ID)]
    reason_code: Code
    lines: Annotated[list[ReturnLineIn], Field(min_length=1, max_length=500)]


class ReturnLineOut(BaseModel):
    product_id: int
    default_code: str | None = None
    quantity: float


class ReturnPickingOut(BaseModel):
    id: int
    name: str
    store_code: str | None = None
    state: str
    state_label: str
    lines: list[ReturnLineOut]


class ReturnOut(BaseModel):
    external_id: str | None = None
    order_id: int
    reason_code: str | None = None
    reason: str | None = None
    returns: list[ReturnPickingOut]


class ReasonOut(BaseModel):
    code: str
    name: str


def _picking_out(picking):
    return ReturnPickingOut(
        id=picking.id,
        name=picking.name,
        store_code=picking.store_id.code or None,
        state=picking.state,
        state_label=label(picking, "state"),
        lines=[
            ReturnLineOut(
                product_id=move.product_id.id,
                default_code=move.product_id.default_code or None,
                quantity=move.product_uom_qty,
            )
            for move in picking.move_ids
            if move.state != "cancel"
        ],
    )


def _return_out(order, external_id, pickings):
    reason = pickings[:1].multistore_return_reason_id
    return ReturnOut(
        external_id=external_id,
        order_id=order.id,
        reason_code=reason.code or None,
        reason=reason.name or None,
        returns=[_picking_out(p) for p in pickings],
    )


def _reason(call, code):
    reason = call.env["multistore.return.reason"].search([("code", "=", code)])
    if len(reason) != 1:
        codes = call.env["multistore.return.reason"].search([]).mapped("code")
        raise api_error(
            HTTP_422,
            "unknown_reason",
            call.env._(
                "%(code)s is not a return reason of the chain; use one of "
                "%(codes)s (GET /return-reasons).",
                code=code,
                codes=", ".join(c for c in codes if c),
            ),
        )
    return reason


def _resolve_lines(call, payload):
    Product = call.env["product.product"]
    lines, unknown = [], []
    for index, line in enumerate(payload.lines):
        if line.product_id:
            product = Product.search([("id", "=", line.product_id)], limit=1)
        else:
            product = Product.search([("default_code", "=", line.default_code)])
            product = product if len(product) == 1 else Product
        if not product:
            unknown.append(index)
            continue
        lines.append((product, line.quantity))
    if unknown:
        raise api_error(
            HTTP_422,
            "invalid_lines",
            call.env._(
                "Unknown product on line(s) %(lines)s; nothing was recorded.",
                lines=", ".join(str(i) for i in unknown),
            ),
            lines=[{"index": i} for i in unknown],
        )
    return lines


@router.get("/return-reasons", response_model=list[ReasonOut])
def list_reasons(
    call: Annotated[ApiCall, Depends(scoped("import_returns"))],
) -> list[ReasonOut]:
    """The chain's active return reasons (names follow Accept-Language)."""
    reasons = call.env["multistore.return.reason"].search([("code", "!=", False)])
    return [ReasonOut(code=r.code, name=r.name) for r in reasons]


@router.post(
    "/orders/{order_id}/returns",
    response_model=ReturnOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "Already recorded: the first call's returns"},
        422: {
            "description": "Refused by the return policy or invalid (nothing recorded)"
        },
    },
)
def record_return(
    order_id: OrderId,
    payload: ReturnIn,
    response: Response,
    call: Annotated[ApiCall, Depends(scoped("import_returns"))],
) -> ReturnOut:
    """Record the customer's return of delivered goods of an order of one of
    the key's stores. The chain's return policy applies as in the stores
    (reason, return window from the order's date, at most what was delivered
    and not returned yet, a store manager above the approval amount). One
    return per delivery waits for the delivering store to receive the goods.
    Sending the same ``external_id`` again answers with the returns recorded
    the first time (HTTP 200)."""
    order = _get_order(call, order_id)
    Picking = call.env["stock.picking"]
    Picking._api_lock_return(call.integration, payload.external_id)
    existing = Picking._api_recorded_returns(call.integration, payload.external_id)
    if existing:
        if existing.sale_id != order:
            raise api_error(
                status.HTTP_409_CONFLICT,
                "external_id_used",
                call.env._(
                    "Return %(external_id)s was already recorded for another "
                    "order: give each return its own id.",
                    external_id=payload.external_id,
                ),
            )
        response.status_code = status.HTTP_200_OK
        return _return_out(order, payload.external_id, existing.with_env(call.env))
    reason = _reason(call, payload.reason_code)
    lines = _resolve_lines(call, payload)
    try:
        with call.env.cr.savepoint():
            returns = Picking._api_create_returns(
                order, call.integration, payload.external_id, reason, lines
            )
    except (UserError, ValidationError) as exc:
        raise api_error(HTTP_422, "return_refused", exc.args[0]) from exc
    response.status_code = status.HTTP_201_CREATED
    return _return_out(order, payload.external_id, returns)


@router.get("/orders/{order_id}/returns", response_model=list[ReturnOut])
def list_returns(
    order_id: OrderId,
    call: Annotated[ApiCall, Depends(scoped("import_returns", "read_orders"))],
) -> list[ReturnOut]:
    """The returns of an order (recorded through the API or in the stores),
    grouped by the integration's return id."""
    order = _get_order(call, order_id)
    pickings = call.env["stock.picking"].search(
        [("sale_id", "=", order.id), ("return_id", "!=", False)], order="id"
    )
    groups = {}
    for picking in pickings:
        key = picking.api_external_id or f"#{picking.id}"
        groups.setdefault(key, call.env["stock.picking"])
        groups[key] |= picking
    return [
        _return_out(order, group[:1].api_external_id or None, group)
        for group in groups.values()
    ]
