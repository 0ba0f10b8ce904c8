from odoo import fields, models
from odoo.exceptions import UserError

# Products bought together shown in the customer panel of the till.
PANEL_RECOMMENDATIONS = 5


class PosConfig(models.Model):
    _inherit = "pos.config"

    def multistore_crm_customer_panel(self, partner_id):
        """The customer panel of the till: the chain-wide figures of one
        customer and the products bought together with what they bought,
        among the products of this till.

        Called by the till for the customer at hand. The caller must be able
        to read this till and be staff of its store (chain managers: any
        store), the till must have a session, and ``partner_id`` must be one
        customer id: the answer is that customer's summary only, nothing a
        store user could not read on the customer form.
        """
        self.ensure_one()
        self.check_access("read")
        self._multistore_check_store_role(
            self.store_id, action=self.env._("read the customer panel of this till")
        )
        if not self.current_session_id:
            raise UserError(
                self.env._(
                    "Till %(till)s has no open session: open the register to see "
                    "the customer panel.",
                    till=self.display_name,
                )
            )
        if isinstance(partner_id, bool) or not isinstance(partner_id, int):
            raise UserError(
                self.env._("Select one customer to see their customer panel.")
            )
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise UserError(
                self.env._("This customer no longer exists: select the customer again.")
            )
        partner.check_access("read")
        return self._multistore_crm_panel_values(partner)

    def _multistore_crm_panel_values(self, partner):
        profile = partner.multistore_profile_id
        last_date = profile.last_date
        if last_date:
            last_date = fields.Date.to_string(
                fields.Datetime.context_timestamp(self, last_date).date()
            )
        categories = (
            profile.favourite_categ_1_id
            | profile.favourite_categ_2_id
            | profile.favourite_categ_3_id
        )
        segments = dict(profile._fields["rfm_segment"]._description_selection(self.env))
        recommendations = self.env[
            "multistore.product.affinity"
        ]._recommend_for_partner(
            partner,
            limit=PANEL_RECOMMENDATIONS,
            product_domain=self._get_available_product_domain(),
        )
        products = self.env["product.product"].browse(
            [rec["product_id"] for rec in recommendations]
        )
        names = {product.id: product.display_name for product in products}
        because = self.env["product.product"].browse(
            [rec["because_product_id"] for rec in recommendations]
        )
        because_names = {product.id: product.display_name for product in because}
        return {
            "partner_id": partner.id,
            "name": partner.display_name,
            # A profile also exists for a customer with open orders only.
            "has_history": bool(profile.last_date),
            "amount": profile.amount,
            "order_count": profile.order_count,
            "average_basket": profile.average_basket,
            "last_date": last_date or False,
            "days_since": profile.days_since if profile.last_date else False,
            "refund_count": profile.refund_count,
            "open_order_count": profile.open_order_count,
            "favourite_store": profile.favourite_store_id.display_name or False,
            "categories": categories.mapped("display_name"),
            "rfm_segment": segments.get(profile.rfm_segment) or False,
            "tier": (
                partner.multistore_tier_id
                or partner.commercial_partner_id.multistore_tier_id
            ).display_name
            or False,
            "points": partner.multistore_crm_points,
            "recommendations": [
                {
                    "product_id": rec["product_id"],
                    "name": names[rec["product_id"]],
                    "because": because_names.get(rec["because_product_id"], ""),
                    "basket_count": rec["basket_count"],
                }
                for rec in recommendations
            ],
        }
