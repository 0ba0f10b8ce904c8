from . import multistore_helpdesk_sla
from . import helpdesk_ticket_team
from . import helpdesk_ticket
from . import res_partner
