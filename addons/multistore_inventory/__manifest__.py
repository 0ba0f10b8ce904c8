{
    "name": "Multistore Inventory",
    "summary": "Stock per store, transfers between stores, replenishment",
    "version": "18.0.1.1.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_base", "purchase_stock"],
    "data": [
        "security/multistore_inventory_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence.xml",
        "data/ir_cron.xml",
        "data/auditlog_rule_data.xml",
        "views/multistore_transfer_views.xml",
        "views/multistore_stock_count_views.xml",
        "views/multistore_stock_matrix_views.xml",
        "views/multistore_stockout_avoided_views.xml",
        "views/product_views.xml",
        "views/multistore_inventory_menus.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/multistore_inventory_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_inventory/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_inventory/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
