from . import multistore_loyalty_settlement
