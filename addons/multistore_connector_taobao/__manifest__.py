{
    "name": "Multistore Connector - Taobao / Tmall",
    "summary": "Reference marketplace connector on the REST API's generic parts: "
    "pulls Taobao / Tmall trades (TOP) into the stores, pushes stock and shipments",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": [
        "multistore_api",
        "queue_job",
        "stock_delivery",
    ],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/multistore_connector_taobao_security.xml",
        "data/ir_cron.xml",
        "views/multistore_connector_taobao_shop_views.xml",
        "views/multistore_connector_taobao_pull_item_views.xml",
        "views/multistore_connector_taobao_shipment_views.xml",
        "views/multistore_connector_taobao_menus.xml",
    ],
    "demo": [
        "demo/multistore_connector_taobao_demo.xml",
    ],
    "installable": True,
}
