from . import loyalty_program
from . import mailing_mailing
from . import multistore_demand_event
