from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MailingMailing(models.Model):
    """An email or SMS campaign, with what its results per store count.

    The promotion it announces (a loyalty program) gives the *redeemed*
    figure; the attribution window gives which orders of its recipients
    count as its revenue: see ``multistore.campaign.result``.
    """

    _inherit = "mailing.mailing"

    multistore_program_id = fields.Many2one(
        "loyalty.program",
        string="Promotion",
        domain="[('program_type', 'in', ('promotion', 'buy_x_get_y', "
        "'next_order_coupons', 'promo_code', 'coupons'))]",
        help="The promotion the campaign announces: orders of the recipients "
        "that use one of its rewards count as redeemed in the campaign "
        "results.",
    )
    multistore_attribution_days = fields.Integer(
        string="Attribution Window (Days)",
        default=14,
        help="Orders a recipient places from the sending of the campaign "
        "until this many days later count as the campaign's revenue, in "
        "the store where they are placed.",
    )

    @api.constrains("multistore_attribution_days")
    def _check_multistore_attribution_days(self):
        for mailing in self:
            if not 0 < mailing.multistore_attribution_days <= 366:
                raise ValidationError(
                    self.env._(
                        "The attribution window of %(mailing)s is %(days)s "
                        "days: enter between 1 and 366 days.",
                        mailing=mailing.subject or mailing.display_name,
                        days=mailing.multistore_attribution_days,
                    )
                )
