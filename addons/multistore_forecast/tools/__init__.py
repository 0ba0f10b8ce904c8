from . import forecast_engine
from . import forecast_history
