"""Request and response bodies of the API (snake_case English keys; the
``*_label`` fields are translated by Accept-Language)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# PostgreSQL text cannot hold NUL characters: refuse them with 422.
NO_NUL = r"^[^\x00]*$"
EXTERNAL_ID = r"^[A-Za-z0-9._:/-]+$"
Text = Annotated[str, Field(min_length=1, max_length=256, pattern=NO_NUL)]


class Page(BaseModel):
    page: int
    page_size: int
    total: int


class StoreOut(BaseModel):
    id: int
    code: str
    name: str
    store_type: str
    store_type_label: str
    city: str | None = None
    phone: str | None = None


class ProductPrice(BaseModel):
    id: int
    default_code: str | None = None
    barcode: str | None = None
    name: str
    uom: str
    price: float
    currency: str


class ProductPage(Page):
    store_code: str
    items: list[ProductPrice]


class StockLine(BaseModel):
    product_id: int
    default_code: str | None = None
    on_hand: float
    available: float
    incoming: float


class StockPage(Page):
    store_code: str
    items: list[StockLine]


class StoreStock(BaseModel):
    store_code: str
    on_hand: float
    available: float
    incoming: float


class ProductStock(BaseModel):
    product_id: int
    default_code: str | None = None
    stores: list[StoreStock]


class ChainStockPage(Page):
    store_codes: list[str]
    items: list[ProductStock]


class CardOut(BaseModel):
    code: str
    program: str
    points: float
    tier: str | None = None


class MemberOut(BaseModel):
    id: int
    name: str
    phone: str | None = None
    email: str | None = None
    points_balance: float
    cards: list[CardOut]


class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    phone: Annotated[str, Field(max_length=64, pattern=NO_NUL)] | None = None
    email: Annotated[str, Field(max_length=256, pattern=NO_NUL)] | None = None


class ProductQuantityIn(BaseModel):
    """A quantity of a product given by its internal reference or its id
    (one of the two)."""

    model_config = ConfigDict(extra="forbid")

    default_code: (
        Annotated[str, Field(min_length=1, max_length=128, pattern=NO_NUL)] | None
    ) = None
    product_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    quantity: Annotated[float, Field(gt=0, le=1e6)]

    @model_validator(mode="after")
    def _one_product_key(self):
        if (self.default_code is None) == (self.product_id is None):
            raise ValueError("give either default_code or product_id")
        return self


class OrderLineIn(ProductQuantityIn):
    price_unit: Annotated[float, Field(ge=0, le=1e9)] | None = Field(
        default=None,
        description="The unit price charged; the store's price when omitted.",
    )


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    external_id: Annotated[str, Field(min_length=1, max_length=64, pattern=EXTERNAL_ID)]
    store_code: Annotated[str, Field(min_length=1, max_length=32, pattern=NO_NUL)]
    customer: CustomerIn
    lines: Annotated[list[OrderLineIn], Field(min_length=1, max_length=500)]
    note: Annotated[str, Field(max_length=2000, pattern=NO_NUL)] | None = None


# Orders of one POST /orders/batch call.
ORDER_BATCH_MAX = 100


class OrderBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    orders: Annotated[
        list[OrderIn],
        Field(
            min_length=1,
            max_length=ORDER_BATCH_MAX,
            description=f"1 to {ORDER_BATCH_MAX} orders, each as POST /orders "
            "takes it.",
        ),
    ]


class OrderLineOut(BaseModel):
    product_id: int
    default_code: str | None = None
    name: str
    quantity: float
    price_unit: float
    subtotal: float


class ShipmentOut(BaseModel):
    state: str | None = None
    state_label: str | None = None
    carrier: str | None = None
    tracking_ref: str | None = None
    delivered_date: datetime | None = None


class OrderStatus(BaseModel):
    id: int
    name: str
    external_id: str | None = None
    state: str
    state_label: str
    delivery_status: str | None = None
    delivery_status_label: str | None = None
    shipment: ShipmentOut


class OrderOut(OrderStatus):
    store_code: str
    date_order: datetime
    customer_id: int
    customer_name: str
    currency: str
    amount_untaxed: float
    amount_total: float
    lines: list[OrderLineOut]


class ShipmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    carrier: (
        Annotated[str, Field(min_length=1, max_length=128, pattern=NO_NUL)] | None
    ) = None
    tracking_ref: (
        Annotated[str, Field(min_length=1, max_length=128, pattern=NO_NUL)] | None
    ) = None
    delivered: bool = False


class ErrorDetail(BaseModel):
    error: str
    message: str


class ErrorOut(BaseModel):
    detail: ErrorDetail


class LineProblem(BaseModel):
    index: int = Field(description="Index of the line in the order's lines.")
    message: str


class OrderImportError(BaseModel):
    code: str = Field(
        description="As the error of POST /orders: invalid_lines, "
        "store_not_found, store_not_allowed, order_refused, access_denied."
    )
    message: str
    lines: list[LineProblem] | None = Field(
        default=None, description="The bad lines (invalid_lines)."
    )


class OrderImportResult(BaseModel):
    external_id: str
    status: Literal["created", "existing", "error"] = Field(
        description="created; existing: imported before (by an earlier call or "
        "earlier in this batch), the first import's order; error: nothing of "
        "this order was imported."
    )
    order: OrderOut | None = None
    error: OrderImportError | None = None


class OrderBatchOut(BaseModel):
    results: list[OrderImportResult] = Field(
        description="One result per order sent, in the same order."
    )
