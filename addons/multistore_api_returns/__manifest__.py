{
    "name": "Multistore API - Returns",
    "summary": "Customer returns of delivered orders through the REST API, under "
    "the chain's return policy",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_api", "multistore_returns"],
    "data": [
        "data/multistore_api_scope_data.xml",
        "views/stock_picking_views.xml",
    ],
    "demo": ["demo/multistore_api_returns_demo.xml"],
    "installable": True,
    "auto_install": True,
}
