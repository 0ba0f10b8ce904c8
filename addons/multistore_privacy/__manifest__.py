{
    "name": "Multistore Privacy",
    "summary": "Customer privacy (PIPL): consent per channel, masked contact "
    "details, export and erasure of a customer's personal data",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_crm", "mass_mailing_sms"],
    "data": [
        "security/multistore_privacy_security.xml",
        "security/ir.model.access.csv",
        "views/multistore_privacy_consent_views.xml",
        "views/multistore_privacy_request_views.xml",
        "views/res_partner_views.xml",
        "wizards/multistore_privacy_consent_wizard_views.xml",
        "wizards/multistore_privacy_erase_wizard_views.xml",
        "views/multistore_privacy_menus.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "multistore_privacy/static/src/app/**/*",
        ],
        "web.assets_tests": [
            "multistore_privacy/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
