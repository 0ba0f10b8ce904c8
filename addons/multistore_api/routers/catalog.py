import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from ..dependencies import ApiCall, scoped
from ..schemas import (
    NO_NUL,
    ChainStockPage,
    ProductPage,
    ProductPrice,
    StockLine,
    StockPage,
)
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
    products, total = _storable_products(call, default_code, paging)
    stock = store._api_stock(products)
    items = [
        StockLine(
            product_id=product.id,
            default_code=product.default_code or None,
            on_hand=stock[store.id, product.id][0],
            available=stock[store.id, product.id][1],
            incoming=stock[store.id, product.id][2],
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


@router.get("/stock", response_model=ChainStockPage)
def list_chain_stock(
    call: Annotated[ApiCall, Depends(scoped("read_stock"))],
    paging: Annotated[Paging, Depends()],
    default_code: Annotated[str | None, Query(max_length=128, pattern=NO_NUL)] = None,
) -> Response:
    """Stock of every store of the key in one call per page of products:
    for each product, on hand, available and incoming in each store (the
    same figures as ``/stores/{code}/stock``). ``total`` counts products;
    page through them for a bulk export of the whole chain."""
    stores = call.stores.sorted("code")
    products, total = _storable_products(call, default_code, paging)
    # Built as ChainStockPage declares it (the OpenAPI document says so;
    # tests validate answers against it): a page holds up to 50,000 store
    # rows, which PostgreSQL serialises (multistore.store
    # _api_chain_stock_json) rather than FastAPI validating them through the
    # response model and serialising them again.
    head = json.dumps(
        {
            "page": paging.page,
            "page_size": paging.page_size,
            "total": total,
            "store_codes": stores.mapped("code"),
        },
        separators=(",", ":"),
    )
    items = stores._api_chain_stock_json(products)
    return Response(
        f'{head[:-1]},"items":{items}}}',
        media_type="application/json",
    )


def _storable_products(call, default_code, paging):
    domain = [("is_storable", "=", True)]
    if default_code:
        domain.append(("default_code", "=", default_code))
    Product = call.env["product.product"]
    total = Product.search_count(domain)
    products = Product.search(
        domain, order="id", limit=paging.page_size, offset=paging.offset
    )
    return products, total
