{
    "name": "Multistore Reports",
    "summary": "Figures per store: ranking, stock health, suppliers, P&L, XLSX",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/multistore/multistore",
    "author": "Multistore",
    "license": "LGPL-3",
    "depends": ["multistore_base", "report_xlsx"],
    "data": [],
    "installable": True,
}
