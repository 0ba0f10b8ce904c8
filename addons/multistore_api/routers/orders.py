"""Orders: import (idempotent per integration and external id), read, status,
shipment updates."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response, status
from psycopg2 import errors

from ..dependencies import (
    HTTP_422,
    ApiCall,
    ImportRaceError,
    api_error,
    one_batch_at_a_time,
    scoped,
)
from ..models.multistore_api_integration import OrderLinesError
from ..schemas import (
    EXTERNAL_ID,
    ORDER_BATCH_MAX,
    OrderBatchIn,
    OrderBatchOut,
    OrderImportResult,
    OrderIn,
    OrderLineOut,
    OrderOut,
    OrderStatus,
    ShipmentIn,
    ShipmentOut,
)
from .common import label

router = APIRouter(tags=["orders"])

READ_SCOPES = ("read_orders", "import_orders", "update_shipments")
OrderId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def order_status(order):
    return OrderStatus(
        id=order.id,
        name=order.name,
        external_id=order.api_external_id or None,
        state=order.state,
        state_label=label(order, "state"),
        delivery_status=order.delivery_status or None,
        delivery_status_label=label(order, "delivery_status"),
        shipment=ShipmentOut(
            state=order.shipment_state or None,
            state_label=label(order, "shipment_state"),
            carrier=order.shipment_carrier or None,
            tracking_ref=order.shipment_tracking_ref or None,
            delivered_date=order.shipment_delivered_date or None,
        ),
    )


def order_out(order):
    return OrderOut(
        **order_status(order).model_dump(),
        store_code=order.store_id.code,
        date_order=order.date_order,
        customer_id=order.partner_id.id,
        customer_name=order.partner_id.name,
        currency=order.currency_id.name,
        amount_untaxed=order.amount_untaxed,
        amount_total=order.amount_total,
        lines=[
            OrderLineOut(
                product_id=line.product_id.id,
                default_code=line.product_id.default_code or None,
                name=line.name,
                quantity=line.product_uom_qty,
                price_unit=line.price_unit,
                subtotal=line.price_subtotal,
            )
            for line in order.order_line
            if not line.display_type
        ],
    )


def _get_order(call, order_id):
    """An order of one of the key's stores (404 for any other)."""
    order = call.env["sale.order"].search(
        [("id", "=", order_id), ("store_id", "in", call.stores.ids)], limit=1
    )
    if not order:
        raise api_error(
            status.HTTP_404_NOT_FOUND,
            "order_not_found",
            call.env._(
                "Order %(id)s does not exist or belongs to a store this key may "
                "not access.",
                id=order_id,
            ),
        )
    return order


BATCH_DESCRIPTION = f"""Import 1 to {ORDER_BATCH_MAX} orders in one call, much
faster than one call per order. Each order is imported as `POST /orders` imports
it (confirmed in its store, all or nothing) and independently of the others. Its
result, in the order sent, says `created`, `existing` (imported before, by an
earlier call or earlier in this batch: `order` is the first import's order, never a
second one) or `error`, with the `code` and `message` that `POST /orders` would
answer (`invalid_lines` with the bad `lines`, `store_not_found`,
`store_not_allowed`, `order_refused` when the order cannot be confirmed) and no
order: nothing of that order is imported, the other orders are. Sending the same
batch again imports nothing new (every result `existing`)."""


def _imported(call, external_id):
    return call.integration._api_imported_order(external_id).with_env(call.env)


@router.post(
    "/orders",
    response_model=OrderOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "Already imported: the first import's order"},
        422: {"description": "Invalid order or lines (nothing imported)"},
    },
)
def import_order(
    payload: OrderIn,
    response: Response,
    call: Annotated[ApiCall, Depends(scoped("import_orders"))],
) -> OrderOut:
    """Import an order from the integration's system and confirm it in the
    store. Sending the same ``external_id`` again returns the order created
    the first time (HTTP 200 instead of 201); an order with a bad line is
    refused as a whole."""
    existing = _imported(call, payload.external_id)
    if existing:
        response.status_code = status.HTTP_200_OK
        return order_out(existing)
    store = call.store(payload.store_code)
    try:
        order, created = call.integration._api_import_order(
            payload.external_id,
            store,
            payload.customer.model_dump(),
            [line.model_dump() for line in payload.lines],
            note=payload.note,
        )
    except OrderLinesError as exc:
        raise api_error(
            HTTP_422, "invalid_lines", exc.args[0], lines=exc.problems
        ) from exc
    except errors.UniqueViolation as exc:
        # Another call imported this external id meanwhile: retry the
        # request in a new transaction, which answers with that order.
        raise ImportRaceError(str(exc)) from exc
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return order_out(order.with_env(call.env))


@router.post(
    "/orders/batch",
    response_model=OrderBatchOut,
    summary="Import a batch of orders",
    description=BATCH_DESCRIPTION,
    responses={
        200: {"description": "One result per order, in the order sent"},
        403: {"description": "The key may not import orders (nothing imported)"},
        422: {
            "description": f"Not a valid batch: no order, more than "
            f"{ORDER_BATCH_MAX}, or an order that is not valid JSON of an order "
            "(nothing imported)"
        },
    },
)
def import_orders(
    payload: OrderBatchIn,
    _turn: Annotated[None, Depends(one_batch_at_a_time)],
    call: Annotated[ApiCall, Depends(scoped("import_orders"))],
) -> OrderBatchOut:
    """Import a batch of orders, each as ``POST /orders`` would."""
    codes = {order.store_code for order in payload.orders}
    stores = {
        store.code: store
        for store in call.env["multistore.store"]
        .sudo()
        .search([("code", "in", list(codes))])
    }
    Store = call.env["multistore.store"]
    try:
        results = call.integration._api_import_orders(
            [
                {
                    "external_id": order.external_id,
                    "store": stores.get(order.store_code, Store).with_env(call.env),
                    "store_code": order.store_code,
                    "customer": order.customer.model_dump(),
                    "lines": [line.model_dump() for line in order.lines],
                    "note": order.note,
                }
                for order in payload.orders
            ]
        )
    except errors.UniqueViolation as exc:
        # Another call imported one of these external ids meanwhile: retry
        # the request in a new transaction, which answers with that order.
        raise ImportRaceError(str(exc)) from exc
    # One recordset: the answers' fields are read for all orders at once.
    orders = call.env["sale.order"].browse(
        [result["order"].id for result in results if result["order"]]
    )
    by_id = {order.id: order for order in orders}
    return OrderBatchOut(
        results=[
            OrderImportResult(
                external_id=result["external_id"],
                status=result["status"],
                order=order_out(by_id[result["order"].id]) if result["order"] else None,
                error=result["error"],
            )
            for result in results
        ]
    )


@router.get("/orders", response_model=OrderOut)
def find_order(
    call: Annotated[ApiCall, Depends(scoped(*READ_SCOPES))],
    external_id: Annotated[
        str, Query(min_length=1, max_length=64, pattern=EXTERNAL_ID)
    ],
) -> OrderOut:
    """The order this integration imported with ``external_id``."""
    order = _imported(call, external_id)
    if not order:
        raise api_error(
            status.HTTP_404_NOT_FOUND,
            "order_not_found",
            call.env._(
                "This integration imported no order %(external_id)s.",
                external_id=external_id,
            ),
        )
    return order_out(_get_order(call, order.id))


@router.get("/orders/{order_id}", response_model=OrderOut)
def read_order(
    order_id: OrderId,
    call: Annotated[ApiCall, Depends(scoped(*READ_SCOPES))],
) -> OrderOut:
    """An order of one of the key's stores."""
    return order_out(_get_order(call, order_id))


@router.get("/orders/{order_id}/status", response_model=OrderStatus)
def read_order_status(
    order_id: OrderId,
    call: Annotated[ApiCall, Depends(scoped(*READ_SCOPES))],
) -> OrderStatus:
    """State, delivery status and shipment of an order."""
    return order_status(_get_order(call, order_id))


@router.post("/orders/{order_id}/shipment", response_model=OrderStatus)
def update_shipment(
    order_id: OrderId,
    payload: ShipmentIn,
    call: Annotated[ApiCall, Depends(scoped("update_shipments"))],
) -> OrderStatus:
    """Record the carrier and tracking reference of a confirmed order; with
    ``delivered`` the order's deliveries are validated."""
    order = _get_order(call, order_id)
    order._api_update_shipment(
        carrier=payload.carrier,
        tracking_ref=payload.tracking_ref,
        delivered=payload.delivered,
    )
    return order_status(order)
