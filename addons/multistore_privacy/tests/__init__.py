from . import test_consent
from . import test_masking
from . import test_export
from . import test_erasure
from . import test_till_tour
