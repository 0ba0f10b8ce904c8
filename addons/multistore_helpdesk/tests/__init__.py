from . import test_ticket_store
from . import test_ticket_priority_sla
from . import test_ticket_access
