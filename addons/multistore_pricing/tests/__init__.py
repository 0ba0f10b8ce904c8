from . import test_pricing
from . import test_pricing_security
from . import test_pos_price_check
from . import test_pos_pricing_tour
from . import test_operation_log
from . import test_store_pricing
