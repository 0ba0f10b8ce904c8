from . import multistore_loyalty_tier
from . import multistore_return_policy
from . import pos_order
from . import pos_order_line
