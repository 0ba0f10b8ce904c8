from . import multistore_return_reason
from . import multistore_return_policy
from . import product_category
from . import res_config_settings
from . import pos_order
from . import stock_picking
