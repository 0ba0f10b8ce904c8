"""Returns anywhere: find an order to refund at a till of any store.

See ``multistore_find_order_for_refund``.
"""

import math

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES

# Order states of a sale that can be refunded at a till: the sold ones.
REFUNDABLE_STATES = POS_SOLD_STATES
# Fields of the order and its lines a till needs to refund an order it did
# not sell (see multistore_find_order_for_refund).
REFUND_ORDER_FIELDS = [
    "name",
    "pos_reference",
    "tracking_number",
    "uuid",
    "date_order",
    "partner_id",
    "pricelist_id",
    "fiscal_position_id",
    "amount_total",
    "amount_tax",
    "amount_paid",
    "amount_return",
    "state",
    "sequence_number",
    "currency_id",
    "company_id",
    "lines",
    "has_refundable_lines",
]
# How many orders of a member the till may list to pick one to refund.
REFUND_SEARCH_LIMIT = 20
# Longest receipt reference a till may send.
REFUND_REFERENCE_MAX = 128


class PosOrder(models.Model):
    # One concern of pos.order per file, on purpose (see pos_order.py).
    _inherit = "pos.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def multistore_find_order_for_refund(
        self,
        config_id,
        reference=None,
        partner_id=None,
        order_date=None,
        amount_total=None,
    ):
        """Find an order to refund at a till, for a customer bringing goods back.

        Store rules hide the orders of other stores from a cashier, yet a
        member may bring goods back to any store. This is the one narrow
        door, for a till the user may use:

        - an order of the user's own stores is found by its receipt number
          (or name), as the till's own search would;
        - an order of another store is found only with what its customer
          holds: the receipt's full reference (as printed, or the order's
          uuid) together with the order's date as printed and its total
          (within rounding). Order names run in sequence per till: without
          the date and the total a cashier could walk through other stores'
          orders. A reference alone answers ``needs_proof`` whether or not
          such an order exists, and failed look-ups are limited per hour;
        - ``partner_id`` lists a member's orders of the user's own stores.

        What comes back is what the refund screen needs: the order, its
        lines and lots; of another store's customer only the partner id
        (customers are chain-wide, and the refund takes the member's points
        back). Every look-up is logged (multistore.refund.lookup.log).
        """
        self._multistore_require_group(
            "point_of_sale.group_pos_user",
            action=self.env._("look up an order to refund"),
        )
        config = self._multistore_lookup_config(config_id)
        reference = str(reference or "").strip()[:REFUND_REFERENCE_MAX]
        Log = self.env["multistore.refund.lookup.log"]
        if not reference:
            if not partner_id:
                raise UserError(
                    self.env._("Give a receipt number or a customer to find an order.")
                )
            partner = self._multistore_lookup_partner(partner_id)
            orders = self.search(
                [
                    ("state", "in", REFUNDABLE_STATES),
                    ("company_id", "=", config.company_id.id),
                    ("partner_id", "=", partner.id),
                ],
                limit=REFUND_SEARCH_LIMIT,
                order="date_order desc, id desc",
            )
            Log._multistore_log(config, "member", partner=partner, success=bool(orders))
            return {
                "orders": [
                    {
                        "id": order.id,
                        "pos_reference": order.pos_reference,
                        "date_order": fields.Datetime.to_string(order.date_order),
                        "store": order.store_id.display_name,
                        "amount_total": order.amount_total,
                        "partner": order.partner_id.display_name,
                    }
                    for order in orders
                ]
            }
        order = self.search(
            [
                ("state", "in", REFUNDABLE_STATES),
                ("company_id", "=", config.company_id.id),
                "|",
                "|",
                ("pos_reference", "in", self._multistore_reference_forms(reference)),
                ("uuid", "=", reference),
                ("name", "=", reference),
            ],
            limit=1,
            order="date_order desc, id desc",
        )
        if order:
            Log._multistore_log(config, "own_store", reference=reference, order=order)
            return self._multistore_refund_data(order.sudo(), config)
        if order_date in (None, False, "") or amount_total in (None, False, ""):
            Log._multistore_log(config, "proof_needed", reference=reference)
            return {"pos.order": [], "pos.order.line": [], "needs_proof": True}
        day, amount = self._multistore_lookup_proof(order_date, amount_total)
        Log._multistore_check_failures()
        order = self._multistore_other_store_order(config, reference, day, amount)
        Log._multistore_log(
            config,
            "other_store" if order else "not_found",
            reference=reference,
            order_date=day,
            amount_total=amount,
            order=order,
        )
        if not order:
            return {"pos.order": [], "pos.order.line": [], "not_found": True}
        return self._multistore_refund_data(order, config)

    @api.model
    def _multistore_lookup_config(self, config_id):
        try:
            config = self.env["pos.config"].browse(int(config_id)).exists()
        except (TypeError, ValueError):
            config = None
        if not config:
            raise UserError(self.env._("This till does not exist anymore."))
        # A till of the user's stores only (store rules).
        config.check_access("read")
        return config

    @api.model
    def _multistore_lookup_partner(self, partner_id):
        try:
            partner = self.env["res.partner"].browse(int(partner_id)).exists()
        except (TypeError, ValueError):
            partner = None
        if not partner:
            raise UserError(self.env._("This customer does not exist anymore."))
        return partner

    @api.model
    def _multistore_reference_forms(self, reference):
        """How a receipt reference may be stored: as printed or without the
        "Order " prefix of the till."""
        bare = reference.removeprefix("Order ").strip()
        return list({reference, bare, f"Order {bare}"})

    @api.model
    def _multistore_lookup_proof(self, order_date, amount_total):
        """The receipt's date and total given by the cashier, checked."""
        try:
            day = fields.Date.to_date(str(order_date)[:10])
        except ValueError:
            day = None
        if not day:
            raise UserError(
                self.env._(
                    "%(value)s is not a date: enter the date printed on the receipt.",
                    value=str(order_date)[:20],
                )
            )
        try:
            amount = float(str(amount_total).replace(",", "."))
        except ValueError:
            amount = math.nan
        if not math.isfinite(amount) or abs(amount) > 1e12:
            raise UserError(
                self.env._(
                    "%(value)s is not an amount: enter the total printed on the "
                    "receipt.",
                    value=str(amount_total)[:20],
                )
            )
        return day, amount

    @api.model
    def _multistore_other_store_order(self, config, reference, day, amount):
        """The order of another store matching a receipt exactly, or nothing.

        sudo(): the order may belong to any store of the till's company (see
        multistore_find_order_for_refund); the search is exact on the
        receipt's full reference, then the date and the total printed on it
        must match too.
        """
        candidates = self.sudo().search(
            [
                ("state", "in", REFUNDABLE_STATES),
                ("company_id", "=", config.company_id.id),
                "|",
                ("pos_reference", "in", self._multistore_reference_forms(reference)),
                ("uuid", "=", reference),
            ],
            limit=5,
            order="date_order desc, id desc",
        )
        for order in candidates:
            currency = order.currency_id
            tolerance = currency.rounding
            if order.config_id.cash_rounding and order.config_id.rounding_method:
                tolerance = max(tolerance, order.config_id.rounding_method.rounding)
            if (
                float_compare(
                    abs(order.amount_total - amount),
                    tolerance,
                    precision_rounding=currency.rounding,
                )
                > 0
            ):
                continue
            if day in order._multistore_receipt_days():
                return order
        return self.sudo().browse()

    def _multistore_receipt_days(self):
        """Days the receipt of this order may show as its date.

        The till prints the date in its own time zone: the order's cashier's,
        the looking-up user's, or UTC.
        """
        self.ensure_one()
        zones = {"UTC", self.user_id.tz or "UTC", self.env.user.tz or "UTC"}
        days = set()
        moment = pytz.utc.localize(self.date_order)
        for zone in zones:
            try:
                days.add(moment.astimezone(pytz.timezone(zone)).date())
            except pytz.UnknownTimeZoneError:
                continue
        return days

    @api.model
    def _multistore_refund_data(self, order, config):
        """The records the till loads to refund ``order`` (already sudo).

        The order's customer is given by id only (no name, phone or address
        of another store's customer): the till needs it to take the points
        back from the member's card.
        """
        if not order:
            return {"pos.order": [], "pos.order.line": []}
        line_fields = self.env["pos.order.line"]._load_pos_data_fields(config.id)
        order_data = order.read(REFUND_ORDER_FIELDS, load=False)
        for values in order_data:
            values["multistore_store_name"] = order.store_id.display_name
        return {
            "pos.order": order_data,
            "pos.order.line": order.lines.read(line_fields, load=False),
            "pos.pack.operation.lot": order.lines.pack_lot_ids.read(
                self.env["pos.pack.operation.lot"]._load_pos_data_fields(config.id),
                load=False,
            ),
        }
