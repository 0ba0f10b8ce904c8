{
    "name": "Multistore Omnichannel - Returns Anywhere",
    "summary": "An online order returned at the till of any store: restocked "
    "there, refunded at the till, under the chain's return policy",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": [
        "multistore_omnichannel",
        "multistore_returns",
        "multistore_loyalty",
        "multistore_returns_loyalty",
    ],
    "data": [
        "security/multistore_omnichannel_returns_security.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_omnichannel_returns/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_omnichannel_returns/static/tests/tours/**/*",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
    "auto_install": True,
}
