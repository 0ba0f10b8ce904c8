from . import test_feedback_report
from . import test_nps_question
from . import test_weekly_mail
