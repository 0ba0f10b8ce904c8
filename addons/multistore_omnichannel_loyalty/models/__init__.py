from . import multistore_loyalty_tier
from . import res_config_settings
from . import res_partner
from . import sale_order
