from . import test_greetings
from . import test_notes
from . import test_vip
