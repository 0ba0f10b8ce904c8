"""multistore_loyalty 18.0.1.0.0 -> 18.0.1.1.0, after the update.

(Shared by helpers "loyalty" and "reports": keep both parts.)

- Partial redemption is now an option of a loyalty program ("Cashier
  Chooses the Points"), off by default: a click on a reward applies it as in
  Odoo. 18.0.1.0.0 asked the cashier for the points of every per-point
  discount of a loyalty program: those programs keep the option on, so the
  tills of an upgraded chain behave as before.
- The spend a member earns tiers by is untaxed, in company currency now
  (18.0.1.0.0 summed tax-included amounts in order currency): every
  member's 12-month spend and tier are recomputed once, instead of waiting
  for the daily scheduled action.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL(
            """
            UPDATE loyalty_program program
               SET multistore_partial_redemption = TRUE
             WHERE program.program_type = 'loyalty'
               AND EXISTS (
                   SELECT 1
                     FROM loyalty_reward reward
                    WHERE reward.program_id = program.id
                      AND reward.reward_type = 'discount'
                      AND reward.discount_mode = 'per_point'
                      AND NOT COALESCE(reward.clear_wallet, FALSE)
               )
            """
        )
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._cron_multistore_update_tiers()
