from odoo import api, fields, models

# Settings of the store's stock counts: the chain sets them.
COUNT_SETTINGS = ("count_approval_amount", "count_approval_percent")


class MultistoreStore(models.Model):
    _inherit = "multistore.store"

    count_approval_amount = fields.Float(
        string="Count Approval Above (Value)",
        digits="Product Price",
        default=100.0,
        tracking=True,
        help="A stock count line whose difference is worth more than this (at "
        "cost, either way) waits for the store manager's approval.",
    )
    count_approval_percent = fields.Float(
        string="Count Approval Above (%)",
        digits=(16, 2),
        default=10.0,
        tracking=True,
        help="A stock count line whose difference is more than this percentage "
        "of the expected quantity waits for the store manager's approval (a "
        "difference where nothing was expected counts as 100%).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            name in vals for vals in vals_list for name in COUNT_SETTINGS
        ):
            self._require_count_settings_role()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(name in vals for name in COUNT_SETTINGS):
            self._require_count_settings_role()
        return super().write(vals)

    def _require_count_settings_role(self):
        # The thresholds decide which differences a store posts without its
        # manager: store managers may edit their store, not these.
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("change the approval thresholds of stock counts"),
        )
