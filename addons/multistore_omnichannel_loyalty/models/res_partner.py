from datetime import timedelta

from odoo import fields, models

from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES

# The window in which a frequent customer's orders are counted.
FREQUENT_DAYS = 90


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _multistore_is_frequent_customer(self):
        """Whether the customer (their commercial entity and its contacts)
        placed at least the set number of orders over the last 90 days:
        confirmed sales orders and sold till orders, every store. False
        when the setting is 0."""
        self.ensure_one()
        needed = self.env["res.config.settings"]._multistore_frequent_order_count()
        if not needed:
            return False
        since = fields.Datetime.now() - timedelta(days=FREQUENT_DAYS)
        customer = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("date_order", ">=", since),
        ]
        # A customer's orders in every store count, while the user confirming
        # sees their own stores' only: two counts as superuser.
        sales = (
            self.env["sale.order"]
            .sudo()
            .search_count(customer + [("state", "=", "sale")], limit=needed)
        )
        if sales >= needed:
            return True
        till = (
            self.env["pos.order"]
            .sudo()
            .search_count(
                customer
                + [("state", "in", POS_SOLD_STATES), ("amount_total", ">=", 0.0)],
                limit=needed - sales,
            )
        )
        return sales + till >= needed
