from . import multistore_connector_sf_account
from . import multistore_connector_sf_booking
from . import multistore_connector_sf_route
from . import stock_picking
