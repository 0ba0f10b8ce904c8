{
    "name": "Multistore Omnichannel - Satisfaction Survey",
    "summary": "A short satisfaction survey after pickup or delivery, its answers "
    "linked to the order and the store",
    "version": "18.0.1.0.0",
    "category": "Marketing/Surveys",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_omnichannel", "survey"],
    "data": [
        "security/multistore_omnichannel_survey_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template.xml",
        "views/survey_user_input_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/multistore_omnichannel_survey_menus.xml",
    ],
    "demo": ["demo/multistore_omnichannel_survey_demo.xml"],
    "installable": True,
    "auto_install": True,
}
