from . import test_priority
