from . import multistore_loyalty_settlement
from . import multistore_loyalty_tier_mix
