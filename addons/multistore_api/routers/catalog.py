from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ..dependencies import ApiCall, scoped
from ..schemas import NO_NUL, ProductPage, ProductPrice, StockLine, StockPage
from .common import Paging, StoreCode

router = APIRouter(tags=["catalog and stock"])


def _products(call, default_code, paging):
    domain = [("sale_ok", "=", True)]
    if default_code:
        domain.append(("default_code", "=", default_code))
    Product = call.env["product.product"]
    total = Product.search_count(domain)
    products = Product.search(
        domain, order="id", limit=paging.page_size, offset=paging.offset
    )
    return products, total


@router.get("/stores/{store_code}/products", response_model=ProductPage)
def list_products(
    store_code: StoreCode,
    call: Annotated[ApiCall, Depends(scoped("read_catalog"))],
    paging: Annotated[Paging, Depends()],
    default_code: Annotated[str | None, Query(max_length=128, pattern=NO_NUL)] = None,
) -> ProductPage:
    """Products sold by the chain with their price in the store (the
    store's price list), paged by product id."""
    store = call.store(store_code)
    products, total = _products(call, default_code, paging)
    pricelist = store.sudo().pricelist_id
    currency = pricelist.currency_id or store.company_id.currency_id
    prices = pricelist._compute_price_rule(products, 1.0) if pricelist else {}
    items = [
        ProductPrice(
            id=product.id,
            default_code=product.default_code or None,
            barcode=product.barcode or None,
            name=product.display_name,
            uom=product.uom_id.name,
            price=prices[product.id][0] if product.id in prices else product.lst_price,
            currency=currency.name,
        )
        for product in products
    ]
    return ProductPage(
        store_code=store.code,
        page=paging.page,
        page_size=paging.page_size,
        total=total,
        items=items,
    )


@router.get("/stores/{store_code}/stock", response_model=StockPage)
def list_stock(
    store_code: StoreCode,
    call: Annotated[ApiCall, Depends(scoped("read_stock"))],
    paging: Annotated[Paging, Depends()],
    default_code: Annotated[str | None, Query(max_length=128, pattern=NO_NUL)] = None,
) -> StockPage:
    """Stock of the store's warehouse per product: on hand, available (on
    hand less reserved) and incoming. Page through every product with
    ``page`` and ``page_size`` (up to 1000) for a bulk export."""
    store = call.store(store_code)
    domain = [("is_storable", "=", True)]
    if default_code:
        domain.append(("default_code", "=", default_code))
    Product = call.env["product.product"]
    total = Product.search_count(domain)
    products = Product.search(
        domain, order="id", limit=paging.page_size, offset=paging.offset
    ).with_context(warehouse_id=store.sudo().warehouse_id.id)
    quantities = products._compute_quantities_dict(None, None, None)
    items = [
        StockLine(
            product_id=product.id,
            default_code=product.default_code or None,
            on_hand=quantities[product.id]["qty_available"],
            available=quantities[product.id]["free_qty"],
            incoming=quantities[product.id]["incoming_qty"],
        )
        for product in products
    ]
    return StockPage(
        store_code=store.code,
        page=paging.page,
        page_size=paging.page_size,
        total=total,
        items=items,
    )
