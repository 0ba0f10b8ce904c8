from . import pos_order
from . import pos_order_line
from . import pos_order_loyalty
from . import sale_order
