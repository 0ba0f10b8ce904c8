from . import multistore_transfer
from . import multistore_transfer_line
from . import stock_picking
from . import product_product
from . import multistore_stock_matrix
from . import multistore_replenishment
from . import multistore_demand_event
from . import multistore_forecast
