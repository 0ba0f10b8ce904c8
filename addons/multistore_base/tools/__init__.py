from . import sales_rules
