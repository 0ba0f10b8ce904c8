from . import multistore_api_webhook
from . import multistore_api_webhook_delivery
from . import multistore_api_integration
from . import sale_order
from . import stock_move
from . import multistore_price_history
