{
    "name": "Multistore Returns",
    "summary": "One chain return policy at every till and in the back office: "
    "reason codes, return windows per product category, manager approval",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_base", "sale_stock", "point_of_sale"],
    "data": [
        "security/ir.model.access.csv",
        "data/multistore_return_reason_data.xml",
        "views/multistore_return_reason_views.xml",
        "views/product_category_views.xml",
        "views/stock_picking_views.xml",
        "views/pos_order_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/stock_return_picking_views.xml",
        "views/multistore_returns_menus.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_returns/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_returns/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
