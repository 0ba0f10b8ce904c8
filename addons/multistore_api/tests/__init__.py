from . import test_integration
from . import test_api_access
from . import test_api_catalog
from . import test_api_orders
