from . import test_routing_rules
from . import test_online_order
from . import test_click_collect
from . import test_scoping
from . import test_pos_pickup_tour
from . import test_till_pickup
from . import test_notifications
from . import test_portal_timeline
