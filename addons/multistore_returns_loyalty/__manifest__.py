{
    "name": "Multistore Returns - Loyalty",
    "summary": "Longer return windows for members of the top tiers (退货无忧)",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_returns", "multistore_loyalty"],
    "data": [
        "views/multistore_loyalty_tier_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
