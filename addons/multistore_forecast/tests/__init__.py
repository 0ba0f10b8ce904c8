from . import test_forecast_engine
from . import test_forecast
from . import test_public_methods
from . import test_inventory_extension
from . import test_forecast_history
