from . import test_signing
from . import test_pull
from . import test_push
from . import test_access
from . import test_closed_trades
from . import test_receiver_address
from . import test_races
