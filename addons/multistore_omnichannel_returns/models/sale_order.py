"""Returns anywhere: a till finds the online order a customer brings back.

See ``multistore_find_online_order_for_return``.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# Online orders whose goods the customer has: the ones that may come back.
RETURNABLE_FULFILMENT_STATES = ("delivered", "collected")
# Longest order number a till may send.
REFERENCE_MAX = 64


class SaleOrder(models.Model):
    _inherit = "sale.order"

    multistore_return_user_ids = fields.Many2many(
        "res.users",
        relation="multistore_online_return_user_rel",
        column1="order_id",
        column2="user_id",
        string="Open for a Return by",
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="Cashiers of other stores whose till looked this online order up "
        "for a return (order number and customer): the store rules let them "
        "read it until the return is made.",
    )

    @api.model
    def multistore_find_online_order_for_return(self, config_id, reference, partner_id):
        """Find the online order a customer brings back to a till of any store.

        Store rules hide online orders from the stores that did not ship
        them; the customer holds the proof: the order number, and the till
        has the customer selected. This is the one narrow door: a user of the
        till's store gives both; a delivered (or collected) online order of
        that customer with that number is opened for reading to this user
        (``multistore_return_user_ids``, which the store rules of sales orders
        and their lines honour) until the return is synced. Anything else
        says what is wrong and opens nothing.

        Returns the order's id: the till then reads it as pos_sale does.
        """
        self._multistore_require_group(
            "point_of_sale.group_pos_user",
            action=self.env._("look up an online order to return"),
        )
        # A till of the user's stores (multistore_loyalty's look-up of till
        # receipts asks the same).
        config = self.env["pos.order"]._multistore_lookup_config(config_id)
        reference = str(reference or "").strip()[:REFERENCE_MAX]
        partner = self._multistore_return_partner(partner_id)
        if not reference:
            raise UserError(
                self.env._(
                    "Type the order number printed on the customer's order "
                    "confirmation (e.g. S00042)."
                )
            )
        # The number is matched whole, case aside: no wildcard of the user's
        # may stand in for the proof.
        pattern = (
            reference.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        )
        # sudo(): the online store's orders are hidden by the store rules;
        # one order is looked up by its exact number and customer.
        order = self.sudo().search(
            [
                ("name", "=ilike", pattern),
                ("multistore_online_order", "=", True),
                ("company_id", "=", config.company_id.id),
                ("state", "=", "sale"),
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    partner.commercial_partner_id.id,
                ),
            ],
            limit=1,
        )
        if not order:
            raise UserError(
                self.env._(
                    "No online order %(reference)s of %(customer)s: check the "
                    "order number on the customer's confirmation and that the "
                    "right customer is selected.",
                    reference=reference,
                    customer=partner.display_name,
                )
            )
        order._multistore_check_returnable()
        order.multistore_return_user_ids = [Command.link(self.env.uid)]
        return order.id

    @api.model
    def _multistore_return_partner(self, partner_id):
        try:
            partner = self.env["res.partner"].browse(int(partner_id or 0)).exists()
        except (TypeError, ValueError):
            partner = None
        if not partner:
            raise UserError(
                self.env._(
                    "Select the customer first: an online order is found by "
                    "its number and its customer."
                )
            )
        return partner

    def _multistore_check_returnable(self):
        """Only an online order whose goods the customer has comes back."""
        for order in self:
            if order.fulfilment_state in RETURNABLE_FULFILMENT_STATES:
                continue
            raise UserError(
                self.env._(
                    "%(order)s is not delivered yet (%(state)s): it can be "
                    "returned once the customer has the goods. To stop an "
                    "order on its way, the online store cancels it.",
                    order=order.name,
                    state=dict(
                        order._fields["fulfilment_state"]._description_selection(
                            self.env
                        )
                    ).get(order.fulfilment_state, "-"),
                )
            )

    def _multistore_return_start_date(self):
        """When the return window of this online order starts: the day the
        customer got the goods (delivered or collected)."""
        self.ensure_one()
        return self.delivered_date or self.fulfilment_done_date or self.date_order
