{
    "name": "Multistore API Webhooks",
    "summary": "Webhooks of the REST API: order status, low stock and price "
    "events, HMAC-signed, sent through queue_job with retries and back-off",
    "version": "18.0.1.1.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": [
        "multistore_api",
        "queue_job",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_config_parameter.xml",
        "views/multistore_api_webhook_views.xml",
        "views/multistore_api_webhook_delivery_views.xml",
        "views/multistore_api_webhook_menus.xml",
    ],
    "demo": [
        "demo/multistore_api_webhook_demo.xml",
    ],
    "installable": True,
}
