{
    "name": "Multistore Helpdesk",
    "summary": "Customer tickets per store on OCA helpdesk: linked to the order, "
    "routed to the store's team, SLA per priority, VIP customers first",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    # helpdesk_mgmt is AGPL-3: an addon that extends it is AGPL-3 too.
    "license": "AGPL-3",
    "depends": ["multistore_base", "helpdesk_mgmt", "sale"],
    "data": [
        "security/multistore_helpdesk_security.xml",
        "security/ir.model.access.csv",
        "data/multistore_helpdesk_sla_data.xml",
        "data/ir_cron.xml",
        "views/multistore_helpdesk_sla_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/res_partner_views.xml",
        "views/multistore_helpdesk_menus.xml",
    ],
    "demo": ["demo/multistore_helpdesk_demo.xml"],
    "installable": True,
}
