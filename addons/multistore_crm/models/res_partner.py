from odoo import Command, fields, models

# Products recommended on the customer form and in emails.
RECOMMENDATION_COUNT = 5


class ResPartner(models.Model):
    _inherit = "res.partner"

    multistore_profile_id = fields.Many2one(
        "multistore.customer.profile",
        string="Customer 360",
        compute="_compute_multistore_profile_id",
        search="_search_multistore_profile_id",
        help="Purchases of the customer (its commercial entity) in every store "
        "and online, as of the last refresh of the customer figures.",
    )
    multistore_crm_amount = fields.Monetary(
        related="multistore_profile_id.amount",
        currency_field="multistore_crm_currency_id",
    )
    multistore_crm_currency_id = fields.Many2one(
        related="multistore_profile_id.currency_id", string="Customer 360 Currency"
    )
    multistore_crm_order_count = fields.Integer(
        related="multistore_profile_id.order_count"
    )
    multistore_crm_average_basket = fields.Monetary(
        related="multistore_profile_id.average_basket",
        currency_field="multistore_crm_currency_id",
    )
    multistore_crm_last_date = fields.Datetime(
        related="multistore_profile_id.last_date"
    )
    multistore_crm_days_since = fields.Integer(
        related="multistore_profile_id.days_since"
    )
    multistore_crm_favourite_store_id = fields.Many2one(
        related="multistore_profile_id.favourite_store_id"
    )
    multistore_crm_categ_1_id = fields.Many2one(
        related="multistore_profile_id.favourite_categ_1_id"
    )
    multistore_crm_categ_2_id = fields.Many2one(
        related="multistore_profile_id.favourite_categ_2_id"
    )
    multistore_crm_categ_3_id = fields.Many2one(
        related="multistore_profile_id.favourite_categ_3_id"
    )
    multistore_crm_refund_count = fields.Integer(
        related="multistore_profile_id.refund_count"
    )
    multistore_crm_open_order_count = fields.Integer(
        related="multistore_profile_id.open_order_count"
    )
    multistore_crm_rfm_score = fields.Char(related="multistore_profile_id.rfm_score")
    multistore_crm_rfm_segment = fields.Selection(
        related="multistore_profile_id.rfm_segment"
    )
    multistore_crm_points = fields.Float(
        string="Loyalty Points",
        compute="_compute_multistore_crm_points",
        help="Points on the member's cards of the chain's loyalty programs.",
    )

    multistore_crm_recommended_product_ids = fields.Many2many(
        "product.product",
        string="Bought Together",
        compute="_compute_multistore_crm_recommended_product_ids",
        help="Products other customers bought together with what this customer "
        "bought (not those bought in the last days), best first.",
    )

    def _compute_multistore_profile_id(self):
        # One indexed lookup on the profile's unique partner_id for the whole
        # batch: nothing is computed from orders here.
        commercial = self.commercial_partner_id
        profiles = self.env["multistore.customer.profile"].search(
            [("partner_id", "in", commercial.ids)]
        )
        by_partner = {profile.partner_id.id: profile for profile in profiles}
        empty = self.env["multistore.customer.profile"]
        for partner in self:
            partner.multistore_profile_id = by_partner.get(
                partner.commercial_partner_id.id, empty
            )

    def _search_multistore_profile_id(self, operator, value):
        Profile = self.env["multistore.customer.profile"]
        if operator in ("=", "!=") and not value:
            having = "not in" if operator == "=" else "in"
            return [
                (
                    "commercial_partner_id",
                    having,
                    Profile._search([]).subselect("partner_id"),
                )
            ]
        profiles = Profile._search([("id", operator, value)])
        return [("commercial_partner_id", "in", profiles.subselect("partner_id"))]

    def _compute_multistore_crm_recommended_product_ids(self):
        Affinity = self.env["multistore.product.affinity"]
        for partner in self:
            recommendations = Affinity._recommend_for_partner(
                partner, limit=RECOMMENDATION_COUNT
            )
            partner.multistore_crm_recommended_product_ids = [
                Command.set([rec["product_id"] for rec in recommendations])
            ]

    def _compute_multistore_crm_points(self):
        groups = self.env["loyalty.card"]._read_group(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("program_id.program_type", "=", "loyalty"),
            ],
            ["partner_id"],
            ["points:sum"],
        )
        points = {partner.id: total for partner, total in groups}
        for partner in self:
            partner.multistore_crm_points = points.get(
                partner.commercial_partner_id.id, 0.0
            )

    def action_view_multistore_profile(self):
        """Open the customer's 360 (its commercial entity's)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_crm.multistore_customer_profile_action"
        )
        profile = self.multistore_profile_id
        if profile:
            action.update({"res_id": profile.id, "views": [(False, "form")]})
        else:
            action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        return action

    def action_view_multistore_open_orders(self):
        """The customer's open sales orders (read live, under the store rules)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            "|",
            ("state", "in", ("draft", "sent")),
            "&",
            ("state", "=", "sale"),
            ("delivery_status", "in", ("pending", "started", "partial")),
        ]
        action["context"] = {"create": False}
        return action
