"""18.0.1.1.0: unique internal references became a company setting.

18.0.1.0.0 refused shared internal references chain-wide with no setting; the
new setting ``res.company.multistore_unique_product_code`` is off by default.
An upgraded chain keeps what it had where no product shares a reference; where
some do, the setting stays off and the setup wizard lists them.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    blocked = env["res.company"].search([])._multistore_keep_unique_product_code()
    for company in blocked:
        _logger.warning(
            "Unique internal references left off for %s: products share "
            "references (Multistore > Configuration > Set up stores lists them).",
            company.name,
        )
