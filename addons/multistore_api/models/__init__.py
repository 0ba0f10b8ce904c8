from . import multistore_api_scope
from . import multistore_api_integration
from . import multistore_api_call
from . import multistore_api_rate
from . import fastapi_endpoint
from . import sale_order
from . import multistore_store
