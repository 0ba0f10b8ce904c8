from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# Failed look-ups of another store's receipt a store user may make within
# FAILURE_WINDOW_HOURS (see _multistore_check_failures).
MAX_FAILURES = 10
FAILURE_WINDOW_HOURS = 1


class MultistoreRefundLookupLog(models.Model):
    """One line per order look-up a till made to refund goods.

    A till may refund an order of another store (returns anywhere) only with
    the receipt's reference, date and total (see
    pos.order.multistore_find_order_for_refund). Every look-up is kept here,
    found or not, so that store and chain managers see who looked for what,
    from which till, and which order of which store was handed out. Lines are
    written by the look-up only (as superuser) and never edited.
    """

    _name = "multistore.refund.lookup.log"
    _description = "Refund Look-up"
    _order = "create_date desc, id desc"
    _rec_name = "reference"

    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    config_id = fields.Many2one("pos.config", string="Till", readonly=True)
    store_id = fields.Many2one(
        "multistore.store",
        readonly=True,
        index=True,
        help="Store of the till that looked the order up.",
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    kind = fields.Selection(
        [("receipt", "Receipt"), ("member", "Member's orders")],
        required=True,
        readonly=True,
    )
    reference = fields.Char(string="Reference Asked", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Member Asked", readonly=True, index="btree_not_null"
    )
    order_date = fields.Date(string="Receipt Date Given", readonly=True)
    amount_total = fields.Float(string="Receipt Total Given", readonly=True)
    order_id = fields.Many2one(
        "pos.order", string="Order Found", readonly=True, index="btree_not_null"
    )
    order_reference = fields.Char(string="Receipt Found", readonly=True)
    order_store_id = fields.Many2one(
        "multistore.store", string="Store of the Order", readonly=True
    )
    result = fields.Selection(
        [
            ("own_store", "Found in own stores"),
            ("other_store", "Found in another store (receipt proof)"),
            ("proof_needed", "Not in own stores: date and total asked"),
            ("not_found", "No order matches the receipt"),
            ("member", "Member's orders listed"),
        ],
        required=True,
        readonly=True,
    )
    success = fields.Boolean(readonly=True)

    @api.model
    def _multistore_log(
        self,
        config,
        result,
        reference=False,
        partner=None,
        order=None,
        order_date=False,
        amount_total=0.0,
        success=None,
    ):
        """Record one look-up of ``config``'s till by the current user.

        sudo(): nobody writes this log directly; the look-up writes its own
        line with the user who asked.
        """
        order = order or self.env["pos.order"]
        order_sudo = order.sudo()
        return self.sudo().create(
            {
                "user_id": self.env.uid,
                "config_id": config.id,
                "store_id": config.store_id.id,
                "company_id": config.company_id.id,
                "kind": "member" if result == "member" else "receipt",
                "reference": reference,
                "partner_id": partner.id if partner else False,
                "order_date": order_date,
                "amount_total": amount_total,
                "order_id": order.id,
                "order_reference": order_sudo.pos_reference or order_sudo.name,
                "order_store_id": order_sudo.store_id.id,
                "result": result,
                "success": bool(order) if success is None else success,
            }
        )

    @api.model
    def _multistore_check_failures(self):
        """Stop a store user after too many receipts not found in an hour.

        Each look-up of another store's order needs its exact reference,
        date and total: a cashier who mistypes retries a few times, a script
        guessing totals is stopped here.
        """
        if not self.env.user._is_store_restricted():
            return
        since = fields.Datetime.now() - relativedelta(hours=FAILURE_WINDOW_HOURS)
        # sudo(): store staff cannot read the log; this counts their own
        # failed look-ups only.
        failures = self.sudo().search_count(
            [
                ("user_id", "=", self.env.uid),
                ("result", "=", "not_found"),
                ("create_date", ">=", since),
            ]
        )
        if failures >= MAX_FAILURES:
            raise UserError(
                self.env._(
                    "%(count)s receipts of other stores were not found in the last "
                    "hour: look-ups are paused. Check the reference, date and total "
                    "on the receipt and try again later, or ask a chain manager.",
                    count=failures,
                )
            )
