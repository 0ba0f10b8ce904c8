{
    "name": "Multistore Forecast",
    "summary": "Demand forecast per product and store, with events, backtest and "
    "suggested min/max",
    "version": "18.0.1.1.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_inventory"],
    "external_dependencies": {"python": ["numpy"]},
    "data": [
        "security/multistore_forecast_security.xml",
        "security/ir.model.access.csv",
        "data/multistore_forecast_cron.xml",
        "views/multistore_forecast_views.xml",
        "views/multistore_stock_matrix_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/multistore_forecast_demo.xml"],
    "installable": True,
}
