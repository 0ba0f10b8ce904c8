{
    "name": "Multistore Loyalty",
    "summary": "One membership for every store of the chain, at the till and in sales",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_base", "pos_loyalty", "sale_loyalty"],
    "data": [],
    "installable": True,
}
