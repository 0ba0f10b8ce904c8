from odoo import api, fields, models
from odoo.exceptions import UserError


class MultistoreCustomerNote(models.Model):
    """A preference of a customer, noted by the staff of one store.

    Decision (issue #13): a note belongs to the store whose staff wrote it
    and is read by that store only (global record rule on ``store_ids``),
    since it is what the staff of that store learned serving the customer.
    The author may tick *Shared with the chain*: every store then reads the
    note (so another store can serve the VIP the same way), while only the
    note's own store may change or delete it. Author and date are set by
    the server.
    """

    _name = "multistore.customer.note"
    _description = "Customer Preference Note"
    _inherit = ["multistore.store.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    store_id = fields.Many2one(required=True, ondelete="restrict")
    company_id = fields.Many2one(
        related="store_id.company_id", store=True, index=True, precompute=True
    )
    note = fields.Text(
        string="Preference",
        required=True,
        tracking=True,
        help="What the customer likes: sizes, colours, brands, how they like to "
        "be served.",
    )
    shared = fields.Boolean(
        string="Shared with the Chain",
        tracking=True,
        help="Every store reads the note; only its own store changes it.",
    )
    author_id = fields.Many2one(
        "res.users",
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="set null",
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)

    # Set by the server when the note is written, never entered.
    _MULTISTORE_SERVER_FIELDS = ("author_id", "date")

    def _multistore_check_workflow_vals(self, vals, creating=False):
        entered = [name for name in self._MULTISTORE_SERVER_FIELDS if name in vals]
        if creating:
            entered = [
                name
                for name in entered
                if vals[name] and (name != "author_id" or vals[name] != self.env.uid)
            ]
        if entered:
            raise UserError(
                self.env._(
                    "The author and the date of a customer note are set when it "
                    "is written: leave them out."
                )
            )
        return super()._multistore_check_workflow_vals(vals, creating=creating)

    @api.depends("partner_id", "store_id")
    def _compute_display_name(self):
        for note in self:
            note.display_name = " - ".join(
                name
                for name in (note.partner_id.display_name, note.store_id.code)
                if name
            )
