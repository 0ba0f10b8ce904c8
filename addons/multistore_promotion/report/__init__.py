from . import multistore_campaign_result
