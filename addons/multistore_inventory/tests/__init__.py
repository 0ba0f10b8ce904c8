from . import test_transfer
from . import test_planner
from . import test_stock_matrix
from . import test_pos_stock_tour
from . import test_forecast_engine
from . import test_forecast
from . import test_stockout_avoided
