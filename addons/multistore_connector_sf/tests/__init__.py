from . import test_sf_protocol
from . import test_sf_booking
from . import test_sf_tracking
from . import test_sf_access
from . import test_sf_cancel
from . import test_sf_route_push
from . import test_sf_label
