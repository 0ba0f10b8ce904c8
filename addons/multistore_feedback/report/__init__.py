from . import multistore_feedback_report
