from . import multistore_privacy_consent_wizard
from . import multistore_privacy_erase_wizard
