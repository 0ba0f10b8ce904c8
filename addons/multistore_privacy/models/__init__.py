from . import multistore_privacy_consent
from . import multistore_privacy_request
from . import res_partner
from . import res_users
from . import mailing_mailing
from . import multistore_customer_segment
