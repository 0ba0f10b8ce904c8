"""Number formats of the chain summary workbook (xlsxwriter format codes)."""

MONEY = "#,##0.00"
PERCENT = '0.0"%"'
INTEGER = "#,##0"
QTY = "#,##0.###"
DATE = "yyyy-mm-dd"
