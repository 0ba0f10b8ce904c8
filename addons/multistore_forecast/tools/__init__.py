from . import forecast_engine
