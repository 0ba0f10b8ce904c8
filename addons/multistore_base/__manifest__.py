{
    "name": "Multistore Base",
    "summary": "Stores as first-class records: warehouse, tills, team, price list, "
    "P&L account and store-scoped access for a retail chain",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "analytic",
        "sale_stock",
        "point_of_sale",
        "auditlog",
    ],
    "data": [
        "security/multistore_base_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "data/auditlog_rule_data.xml",
        "views/multistore_store_views.xml",
        "views/multistore_access_log_views.xml",
        "views/multistore_access_grant_views.xml",
        "views/res_users_views.xml",
        "views/sale_order_views.xml",
        "views/pos_views.xml",
        "views/stock_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/multistore_setup_wizard_views.xml",
        "views/auditlog_views.xml",
        "views/multistore_login_record_views.xml",
        "views/multistore_base_menus.xml",
    ],
    "demo": [
        "demo/multistore_base_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_base/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_base/static/tests/tours/**/*",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "installable": True,
    "application": True,
}
