"""18.0.1.1.0: the day of a sale is its day in the store's time zone.

Until 18.0.1.0.0 the facts counted a sale on its day in the time zone of the
store's company; from 18.0.1.1.0 in the store's own time zone (its address,
else its company's). The stored facts of a store whose address names another
time zone than its company's are on the wrong days: forget the time of the
last refresh, so that the next refresh (hourly cron, or *Refresh now*)
rebuilds every fact table from the orders. The report models of the release
are read from SQL at every read (``_table_query``): nothing else to move.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "DELETE FROM ir_config_parameter WHERE key = %s",
        ("multistore_reports.facts_refreshed_at",),
    )
    _logger.info("Store facts will be rebuilt in store time zones on the next refresh")
