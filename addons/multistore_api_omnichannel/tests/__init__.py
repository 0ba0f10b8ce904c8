from . import test_api_shipment
