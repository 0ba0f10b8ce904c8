from . import test_campaign_result
from . import test_promotion_calendar
