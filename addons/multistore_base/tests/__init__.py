from . import test_access
from . import test_store
from . import test_audit
from . import test_setup_wizard
from . import test_pos_tour
from . import test_pricing
from . import test_pos_pricing_tour
