from . import res_config_settings
from . import sale_order
from . import survey_user_input
