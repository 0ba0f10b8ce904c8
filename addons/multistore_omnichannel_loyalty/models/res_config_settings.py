from odoo import api, fields, models
from odoo.exceptions import ValidationError

FREQUENT_ORDERS_PARAM = "multistore_omnichannel_loyalty.frequent_order_count"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_frequent_order_count = fields.Integer(
        string="Frequent Customer: Orders in 90 Days",
        config_parameter=FREQUENT_ORDERS_PARAM,
        default=0,
        help="A customer with at least this many orders over the last 90 days "
        "(confirmed sales orders and paid till orders, every store) is a "
        "frequent customer: their online orders are prepared first. 0: off.",
    )

    @api.constrains("multistore_frequent_order_count")
    def _check_multistore_frequent_order_count(self):
        for settings in self:
            if settings.multistore_frequent_order_count < 0:
                raise ValidationError(
                    self.env._(
                        "Frequent customers need %(count)s orders: enter 0 (off) "
                        "or more orders.",
                        count=settings.multistore_frequent_order_count,
                    )
                )

    @api.model
    def _multistore_frequent_order_count(self):
        """Orders over 90 days that make a frequent customer; 0: off."""
        return max(self._multistore_setting("multistore_frequent_order_count"), 0)
