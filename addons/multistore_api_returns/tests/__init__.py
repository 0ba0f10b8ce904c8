from . import test_api_returns
