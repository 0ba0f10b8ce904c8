{
    "name": "Multistore Reports - Inventory",
    "summary": "Transfers in transit and stock-outs avoided in the chain summary",
    "version": "18.0.1.1.0",
    "category": "Hidden",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_reports", "multistore_inventory"],
    "installable": True,
    "auto_install": True,
}
