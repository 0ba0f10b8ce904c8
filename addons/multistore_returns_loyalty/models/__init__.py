from . import multistore_loyalty_tier
from . import multistore_return_policy
