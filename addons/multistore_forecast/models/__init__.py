from . import multistore_demand_event
from . import multistore_forecast
from . import multistore_stock_matrix
from . import multistore_replenishment
from . import res_config_settings
