{
    "name": "Multistore CRM at the Till",
    "summary": "Customer 360 and products bought together at the till, for the "
    "customer at hand",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_crm", "pos_loyalty"],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_crm_pos/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_crm_pos/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
