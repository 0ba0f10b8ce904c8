from . import multistore_setup_wizard
