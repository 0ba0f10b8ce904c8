{
    "name": "Multistore Pricing",
    "summary": "Chain and store price lists, price change requests, price "
    "history, competitor prices, price matrix, shelf labels and discount limits",
    "version": "18.0.1.1.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": [
        "multistore_base",
    ],
    "data": [
        "security/multistore_pricing_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence.xml",
        "data/ir_cron.xml",
        "data/auditlog_rule_data.xml",
        "views/multistore_price_change_views.xml",
        "views/multistore_price_history_views.xml",
        "views/multistore_price_matrix_views.xml",
        "views/multistore_competitor_price_views.xml",
        "views/multistore_store_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/multistore_price_change_wizard_views.xml",
        "report/multistore_shelf_label_report.xml",
        "views/multistore_pricing_menus.xml",
    ],
    "demo": [
        "demo/multistore_pricing_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_pricing/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_pricing/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
