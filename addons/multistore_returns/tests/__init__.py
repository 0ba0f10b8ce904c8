from . import test_return_reason
from . import test_return_policy
from . import test_till_refund
from . import test_backoffice_return
from . import test_till_reason
from . import test_pos_refund_reason_tour
