from . import fastapi_endpoint
from . import stock_picking
