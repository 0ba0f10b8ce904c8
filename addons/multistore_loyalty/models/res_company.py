from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    multistore_point_value = fields.Float(
        string="Value of a Loyalty Point",
        digits="Product Price",
        default=0.01,
        help="Money value of one point, used to settle points issued by one "
        "store and redeemed at another.",
    )
    multistore_points_expiry_months = fields.Integer(
        string="Points Expire After (Months)",
        default=0,
        help="Points earned longer ago than this and not used yet expire "
        "(oldest first). 0: points never expire.",
    )
    multistore_birthday_program_id = fields.Many2one(
        "loyalty.program",
        string="Birthday Reward Program",
        check_company=True,
        domain="[('program_type', 'in', ('coupons', 'next_order_coupons', "
        "'promo_code'))]",
        help="Every member receives a coupon of this program on their birthday.",
    )

    @api.constrains("multistore_point_value", "multistore_points_expiry_months")
    def _check_multistore_loyalty_settings(self):
        for company in self:
            if (
                company.multistore_point_value < 0
                or company.multistore_points_expiry_months < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The value of a loyalty point and the months before points "
                        "expire cannot be negative (company %(company)s).",
                        company=company.name,
                    )
                )
