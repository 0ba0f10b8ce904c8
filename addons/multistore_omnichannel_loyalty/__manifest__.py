{
    "name": "Multistore Omnichannel - Loyalty",
    "summary": "Online orders of top-tier members and frequent customers "
    "prepared first, with a shorter promised date",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_omnichannel", "multistore_loyalty"],
    "data": [
        "views/multistore_loyalty_tier_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
