from . import res_company
from . import res_config_settings
from . import multistore_care_message
from . import multistore_customer_note
from . import multistore_customer_vip
from . import res_partner
