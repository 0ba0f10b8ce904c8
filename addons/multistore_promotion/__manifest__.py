{
    "name": "Multistore Promotion",
    "summary": "Chain promotion calendar per store, demand events for the "
    "forecast, and email/SMS campaign results per store",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": [
        "multistore_crm",
        "multistore_forecast",
        "mass_mailing_sms",
    ],
    "data": [
        "security/multistore_promotion_security.xml",
        "security/ir.model.access.csv",
        "views/loyalty_program_views.xml",
        "views/mailing_mailing_views.xml",
        "views/multistore_demand_event_views.xml",
        "report/multistore_campaign_result_views.xml",
        "views/multistore_promotion_menus.xml",
    ],
    "demo": ["demo/multistore_promotion_demo.xml"],
    "installable": True,
}
