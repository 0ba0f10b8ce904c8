from . import test_tier_returns
