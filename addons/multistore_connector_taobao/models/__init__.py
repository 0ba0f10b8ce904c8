from . import multistore_connector_taobao_shop
from . import multistore_connector_taobao_product
from . import multistore_connector_taobao_pull_item
from . import multistore_connector_taobao_shipment
from . import sale_order
from . import stock_move
from . import stock_picking
