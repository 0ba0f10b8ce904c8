from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .multistore_return_policy import (
    APPROVAL_AMOUNT_PARAM,
    DEFAULT_RETURN_DAYS,
    RETURN_DAYS_PARAM,
    TILL_REASON_PARAM,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_return_days = fields.Integer(
        string="Return Window (days)",
        config_parameter=RETURN_DAYS_PARAM,
        default=DEFAULT_RETURN_DAYS,
        help="Days after the sale during which products may be returned, "
        "unless their category sets its own window (7 by default: China's "
        "seven-day no-reason returns).",
    )
    multistore_return_approval_amount = fields.Float(
        string="Returns Approved Above",
        config_parameter=APPROVAL_AMOUNT_PARAM,
        default=0.0,
        digits="Product Price",
        help="A return or till refund worth more than this amount (company "
        "currency) is made by a store manager or a chain manager only. 0: no "
        "approval needed.",
    )

    multistore_return_till_reason_required = fields.Boolean(
        string="Reason Required at the Till",
        config_parameter=TILL_REASON_PARAM,
        help="Every till refund names one of the chain's return reasons: a "
        "refund without a reason is refused. Switch it on once every till "
        "was reloaded (a till syncs refunds made offline with the code it "
        "loaded).",
    )

    @api.constrains("multistore_return_days", "multistore_return_approval_amount")
    def _check_multistore_return_policy(self):
        for settings in self:
            if settings.multistore_return_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Returns are accepted for %(days)s days: enter a number "
                        "of days above 0 (%(default)s by default).",
                        days=settings.multistore_return_days,
                        default=DEFAULT_RETURN_DAYS,
                    )
                )
            if settings.multistore_return_approval_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Returns need approval above %(amount)s: enter 0 (no "
                        "approval) or a positive amount.",
                        amount=settings.multistore_return_approval_amount,
                    )
                )
