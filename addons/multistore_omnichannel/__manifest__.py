{
    "name": "Multistore Omnichannel",
    "summary": "Online orders routed to the chain's stores: ship from store, "
    "click & collect with transfers, fulfilment queue per store",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": [
        "multistore_inventory",
        "website_sale_collect",
        "stock_delivery",
        "pos_sale",
        "sale_management",
        "sms",
    ],
    "data": [
        "security/multistore_omnichannel_security.xml",
        "data/ir_cron.xml",
        "data/mail_template.xml",
        "data/sms_template.xml",
        "views/multistore_store_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/website_views.xml",
        "views/sale_portal_templates.xml",
        "views/res_config_settings_views.xml",
        "views/multistore_omnichannel_menus.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_omnichannel/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_omnichannel/static/tests/tours/**/*",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "demo": ["demo/multistore_omnichannel_demo.xml"],
    "installable": True,
}
