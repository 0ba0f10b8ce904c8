from . import test_signing
from . import test_pull
from . import test_push
from . import test_access
