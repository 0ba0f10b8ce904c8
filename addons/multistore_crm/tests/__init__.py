from . import test_facts
from . import test_security
from . import test_segment
from . import test_affinity
