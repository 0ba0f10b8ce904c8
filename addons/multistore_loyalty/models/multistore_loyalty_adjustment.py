from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, float_round

from .loyalty_card import POINTS_DIGITS


class MultistoreLoyaltyAdjustment(models.Model):
    """A manual change of a member's points, with its reason and approver.

    Points change only through orders, refunds, expiry and these
    adjustments: store staff request one (a goodwill gesture, a receipt the
    till could not read, a correction), a store manager of that store (or a
    chain manager) approves it, and only then is the history line posted,
    with the store, and the balance changed; it never goes below zero. The
    requester does not approve their own request unless they are a chain
    manager. Every step is tracked in the chatter.
    """

    _name = "multistore.loyalty.adjustment"
    _description = "Loyalty Points Adjustment"
    _inherit = ["mail.thread", "mail.activity.mixin", "multistore.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # Only the action methods below change these (see multistore_base).
    # The decision (approved or refused) is the "approved" step of the
    # workflow mixin: who decided and when.
    _multistore_workflow_fields = (
        "state",
        "requested_by_id",
        "approved_by_id",
        "date_approved",
        "history_id",
    )
    _multistore_store_locked_states = ("approved", "refused")

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    card_id = fields.Many2one(
        "loyalty.card",
        required=True,
        index=True,
        tracking=True,
        domain="[('program_id.program_type', '=', 'loyalty')]",
        check_company=True,
    )
    partner_id = fields.Many2one(related="card_id.partner_id", string="Member")
    program_id = fields.Many2one(related="card_id.program_id")
    balance = fields.Float(
        related="card_id.points",
        string="Current Balance",
        help="Points on the card now, in every store.",
    )
    points = fields.Float(
        required=True,
        tracking=True,
        digits=(16, POINTS_DIGITS),
        help="Points to add (positive) or to take off (negative).",
    )
    reason = fields.Text(
        required=True,
        tracking=True,
        help="Why the balance changes: the approver and the audit read it.",
    )
    store_id = fields.Many2one(
        "multistore.store",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user.store_id,
        check_company=True,
        help="Store that asks for the adjustment; its history line carries it.",
    )
    company_id = fields.Many2one(
        related="store_id.company_id", store=True, index=True, precompute=True
    )
    state = fields.Selection(
        [("draft", "To Approve"), ("approved", "Approved"), ("refused", "Refused")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    requested_by_id = fields.Many2one(
        "res.users",
        string="Requested by",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    approved_by_id = fields.Many2one(
        "res.users",
        string="Approved by",
        readonly=True,
        copy=False,
        tracking=True,
        help="Who approved or refused the request.",
    )
    date_approved = fields.Datetime(
        string="Decided on", readonly=True, copy=False, tracking=True
    )
    history_id = fields.Many2one(
        "loyalty.history", string="History Line", readonly=True, copy=False
    )

    @api.constrains("points", "card_id")
    def _check_points(self):
        for adjustment in self:
            if float_is_zero(adjustment.points, precision_digits=POINTS_DIGITS):
                raise ValidationError(
                    self.env._(
                        "Enter the points to add (positive) or to take off "
                        "(negative): an adjustment of 0 points changes nothing."
                    )
                )
            if adjustment.card_id.program_id.program_type != "loyalty":
                raise ValidationError(
                    self.env._(
                        "Card %(code)s is not a member card of a loyalty program: "
                        "only member points are adjusted here.",
                        code=adjustment.card_id.code,
                    )
                )

    @api.constrains("reason")
    def _check_reason(self):
        for adjustment in self:
            if not (adjustment.reason or "").strip():
                raise ValidationError(
                    self.env._("Say why the points change: the reason is required.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self._multistore_next_reference()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self.filtered(lambda a: a.state != "draft"):
            raise UserError(
                self.env._(
                    "Adjustment %(name)s is decided: it can no longer change. "
                    "Request a new adjustment instead.",
                    name=self.filtered(lambda a: a.state != "draft")[0].name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        decided = self.filtered(lambda a: a.state != "draft")
        if decided:
            raise UserError(
                self.env._(
                    "Adjustment %(name)s is decided and stays on record.",
                    name=decided[0].name,
                )
            )

    def action_approve(self):
        """Post the points with a history line of the adjustment's store."""
        for adjustment in self:
            adjustment._multistore_check_store_role(
                adjustment.store_id,
                manager=True,
                action=self.env._("approve points adjustments"),
            )
            adjustment._multistore_check_decidable()
            history = adjustment._multistore_post()
            adjustment._multistore_workflow_step(
                "approved", {"state": "approved", "history_id": history.id}
            )
        return True

    def action_refuse(self):
        for adjustment in self:
            adjustment._multistore_check_store_role(
                adjustment.store_id,
                manager=True,
                action=self.env._("refuse points adjustments"),
            )
            adjustment._multistore_check_decidable()
            adjustment._multistore_workflow_step("approved", {"state": "refused"})
        return True

    def _multistore_check_decidable(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                self.env._(
                    "Adjustment %(name)s is already decided.",
                    name=self.name,
                )
            )
        user = self.env.user
        if (
            not self.env.su
            and self.requested_by_id == user
            and not user.has_group("multistore_base.group_chain_manager")
        ):
            raise UserError(
                self.env._(
                    "You requested adjustment %(name)s: another manager of store "
                    "%(store)s or a chain manager approves it.",
                    name=self.name,
                    store=self.store_id.display_name,
                )
            )

    def _multistore_post(self):
        """Change the balance and write the history line (never below zero)."""
        self.ensure_one()
        points = float_round(self.points, POINTS_DIGITS)
        balance = self.card_id._multistore_lock().get(self.card_id.id, 0.0)
        if float_compare(balance + points, 0.0, precision_digits=POINTS_DIGITS) < 0:
            raise UserError(
                self.env._(
                    "Card %(code)s has %(balance)s points: taking off %(points)s "
                    "would leave it below zero. Take off at most %(balance)s.",
                    code=self.card_id.code,
                    balance=float_round(balance, POINTS_DIGITS),
                    points=-points,
                )
            )
        return self.env["loyalty.card"]._multistore_post_points(
            [
                {
                    "card_id": self.card_id.id,
                    "issued": max(points, 0.0),
                    "used": max(-points, 0.0),
                    "kind": "manual",
                    "store_id": self.store_id.id,
                    "description": self.env._(
                        "%(name)s: %(reason)s", name=self.name, reason=self.reason
                    ),
                }
            ]
        )

    @api.model
    def _multistore_next_reference(self):
        # sudo(): staff have no access to sequences; this takes the next
        # reference of adjustments only.
        return self.env["ir.sequence"].sudo().next_by_code(
            "multistore.loyalty.adjustment"
        ) or self.env._("New")
