from odoo import api, fields, models


class MultistoreLoyaltyTier(models.Model):
    """A level of membership reached by spending over the last twelve months.

    Members move up and down on their own (scheduled action and every paid
    order); the tier multiplies the points they earn at every store.
    """

    _name = "multistore.loyalty.tier"
    _description = "Member Tier"
    _order = "sequence, threshold, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to use the tier in every company of the chain.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="Currency of the spending threshold.",
    )
    threshold = fields.Monetary(
        string="Yearly Spend From",
        required=True,
        default=0.0,
        help="A member reaches this tier once their purchases over the last "
        "twelve months (all stores, till and sales orders, refunds deducted, "
        "untaxed, in the company currency) reach this amount.",
    )
    earn_multiplier = fields.Float(
        string="Points Multiplier",
        required=True,
        default=1.0,
        digits=(16, 2),
        help="Points earned by members of this tier are multiplied by this "
        "factor, at the till and on sales orders.",
    )
    benefits = fields.Text(
        translate=True, help="What members of this tier are offered, for staff."
    )
    color = fields.Integer()
    member_count = fields.Integer(compute="_compute_member_count", string="Members")

    _sql_constraints = [
        (
            "threshold_positive",
            "CHECK (threshold >= 0)",
            "The yearly spend of a tier cannot be negative.",
        ),
        (
            "earn_multiplier_positive",
            "CHECK (earn_multiplier > 0)",
            (
                "The points multiplier of a tier must be above zero (1 keeps the "
                "points as they are)."
            ),
        ),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for tier in self:
            tier.currency_id = (tier.company_id or self.env.company).currency_id

    def _compute_member_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("multistore_tier_id", "in", self.ids)],
                ["multistore_tier_id"],
                ["__count"],
            )
        )
        for tier in self:
            tier.member_count = counts.get(tier, 0)

    def action_view_members(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members of %(tier)s", tier=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("multistore_tier_id", "=", self.id)],
        }

    @api.model
    def _multistore_tier_for(self, spend, company, tiers=None):
        """The highest tier whose threshold ``spend`` reaches (or nothing).

        ``tiers``: the active tiers, when the caller read them once for many
        members (any company: those of ``company`` and shared ones count)."""
        if tiers is None:
            tiers = self.search([("company_id", "in", [False, company.id])])
        tiers = tiers.filtered(lambda t: not t.company_id or t.company_id == company)
        for tier in tiers.sorted("threshold", reverse=True):
            if spend >= tier.threshold:
                return tier
        return self.browse()
