{
    "name": "Multistore Connector - SF Express",
    "summary": "SF Express (顺丰速运) for online orders shipped by the stores: "
    "pickup booking and cancellation, waybill as tracking reference and "
    "label (云打印), route tracking (queries and push) to delivery",
    "version": "18.0.1.2.0",
    "category": "Inventory/Delivery",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_api_omnichannel"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/multistore_connector_sf_security.xml",
        "data/ir_cron.xml",
        "views/multistore_connector_sf_account_views.xml",
        "views/multistore_connector_sf_booking_views.xml",
        "views/stock_picking_views.xml",
        "views/multistore_connector_sf_menus.xml",
    ],
    "demo": ["demo/multistore_connector_sf_demo.xml"],
    "installable": True,
}
