from . import multistore_order_router
from . import multistore_store
from . import multistore_transfer
from . import pos_order
from . import res_config_settings
from . import sale_order
from . import sale_order_line
from . import stock_picking
