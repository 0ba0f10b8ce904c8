from . import multistore_price_change_wizard
from . import multistore_price_change_wizard_line
