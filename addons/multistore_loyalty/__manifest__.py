{
    "name": "Multistore Loyalty",
    "summary": "One membership for every store of the chain, at the till and in sales",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_base", "pos_loyalty", "sale_loyalty"],
    "data": [
        "security/multistore_loyalty_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron.xml",
        "data/mail_template.xml",
        "views/multistore_loyalty_tier_views.xml",
        "views/loyalty_program_views.xml",
        "views/loyalty_card_views.xml",
        "views/loyalty_history_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "report/multistore_loyalty_settlement_views.xml",
        "report/multistore_loyalty_tier_mix_views.xml",
        "views/multistore_loyalty_menus.xml",
    ],
    "demo": [
        "demo/multistore_loyalty_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_loyalty/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_loyalty/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
