{
    "name": "Multistore API - Omnichannel",
    "summary": "Shipment updates of the API on online orders routed to the stores",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_api", "multistore_omnichannel"],
    "installable": True,
    "auto_install": True,
}
