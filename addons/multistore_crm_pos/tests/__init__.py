from . import test_panel
from . import test_pos_tour
