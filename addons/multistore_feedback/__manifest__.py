{
    "name": "Multistore Feedback",
    "summary": "Customer feedback per store: satisfaction, NPS, tickets and "
    "complaint reasons in the reports and the weekly mail",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    # helpdesk_mgmt is AGPL-3: an addon that reads its tickets and categories
    # is AGPL-3 too.
    "license": "AGPL-3",
    "depends": [
        "multistore_omnichannel_survey",
        "multistore_helpdesk",
        "multistore_reports",
        # Already brought by multistore_helpdesk; named for its tickets and
        # categories, read by the report.
        "helpdesk_mgmt",
    ],
    "data": [
        "security/multistore_feedback_security.xml",
        "security/ir.model.access.csv",
        "data/survey_question_data.xml",
        "data/mail_templates.xml",
        "views/survey_question_views.xml",
        "views/multistore_feedback_report_views.xml",
        "views/multistore_feedback_menus.xml",
    ],
    "demo": ["demo/multistore_feedback_demo.xml"],
    "installable": True,
    "auto_install": True,
}
