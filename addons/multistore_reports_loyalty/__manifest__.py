{
    "name": "Multistore Reports - Loyalty",
    "summary": "Points per store and tier mix in the chain summary",
    "version": "18.0.1.1.0",
    "category": "Hidden",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_reports", "multistore_loyalty"],
    "installable": True,
    "auto_install": True,
}
