from . import multistore_customer_store_fact
from . import multistore_customer_category_fact
from . import multistore_customer_profile
from . import multistore_customer_segment
from . import res_partner
from . import multistore_product_affinity
