from . import test_online_return
from . import test_pos_online_return_tour
from . import test_online_return_reason_credit
