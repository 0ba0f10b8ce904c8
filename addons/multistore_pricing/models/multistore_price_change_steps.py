from odoo import api, fields, models
from odoo.exceptions import UserError


class MultistorePriceChange(models.Model):
    """The steps of a price change request (see the model's docstring in
    ``multistore_price_change.py``) and the dated life of an approved
    change: activation on its start date, expiry on its end date."""

    # One concern of the model per file, on purpose (see multistore_price_change.py).
    _inherit = "multistore.price.change"  # pylint: disable=consider-merging-classes-inherited

    def action_compute_lines(self):
        """Preview: the old and new price of each product in each price list.

        Lines are computed, never typed: they are written here, for a
        request the user may edit (a draft of their stores, or a submitted
        request for a chain manager).
        """
        for change in self:
            if change.state not in ("draft", "submitted"):
                raise UserError(
                    self.env._("Prices of %(name)s are settled.", name=change.name)
                )
            change._multistore_workflow_write(
                {
                    "line_ids": [fields.Command.clear()]
                    + [fields.Command.create(vals) for vals in change._prepare_lines()]
                }
            )
        return True

    def action_submit(self):
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("submit price changes"),
        )
        for change in self:
            change._multistore_check_state("draft")
            change._check_can_submit()
            change.action_compute_lines()
            if not change.line_ids:
                raise UserError(
                    self.env._(
                        "%(name)s changes no price: the category has no product.",
                        name=change.name,
                    )
                )
            change._check_overlap()
            change._multistore_workflow_step("requested", {"state": "submitted"})
        return True

    def action_approve(self):
        self._check_chain_manager()
        for change in self:
            change._multistore_check_state("submitted")
            change._check_overlap()
            change._create_items()
            change._multistore_workflow_step("approved", {"state": "approved"})
        self._activate_due()
        return True

    def action_reject(self):
        self._check_chain_manager()
        for change in self:
            change._multistore_check_state("submitted")
        self._multistore_workflow_write({"state": "rejected"})
        return True

    def action_cancel(self):
        """Withdraw a request (its requester) or stop an approved change
        (chain manager): its price list items go, the history closes."""
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("cancel price changes"),
        )
        for change in self:
            if change.state in ("expired", "rejected", "cancel"):
                raise UserError(
                    self.env._(
                        "%(name)s is already closed.",
                        name=change.name,
                    )
                )
            if change.state in ("approved", "active"):
                change._check_chain_manager()
            else:
                change._check_can_submit()
        self._close_history()
        self._unlink_items()
        # Submitted requests are closed to their requester's edits (record
        # rules): the role and stores were checked above.
        self._multistore_workflow_write({"state": "cancel"}, operation="read")
        return True

    def action_draft(self):
        """Take a submitted, rejected or cancelled request back to draft."""
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("reopen price changes"),
        )
        for change in self:
            change._multistore_check_state("submitted", "rejected", "cancel")
            change._check_can_submit()
        self._multistore_workflow_write({"state": "draft"}, operation="read")
        return True

    @api.model
    def _cron_apply_price_changes(self):
        """Activate the approved changes that started, expire the ended ones."""
        now = fields.Datetime.now()
        self.search([("state", "=", "active"), ("date_end", "<=", now)])._expire()
        self.search([("state", "=", "approved")])._activate_due()

    def _activate_due(self):
        now = fields.Datetime.now()
        due = self.filtered(lambda c: c.state == "approved" and c.date_start <= now)
        # The price history is a record of what the flow did: only the flow
        # writes it (sudo), for the changes it activates.
        History = self.env["multistore.price.history"].sudo()
        for change in due:
            History.create(
                [
                    {
                        "product_id": line.product_id.id,
                        "store_id": line.store_id.id,
                        "price": line.new_price,
                        "old_price": line.old_price,
                        "date_from": change.date_start,
                        "date_to": change.date_end,
                        "price_change_id": change.id,
                        "company_id": change.company_id.id,
                    }
                    for line in change.line_ids
                ]
            )
        due._multistore_workflow_write({"state": "active"}, operation="read")
        expired = due.filtered(lambda c: c.date_end and c.date_end <= now)
        expired._expire()

    def _expire(self):
        self._close_history()
        self._unlink_items()
        self._multistore_workflow_write({"state": "expired"}, operation="read")

    def _unlink_items(self):
        """Remove the price list items of these changes.

        sudo(): the items belong to the change (not to the user's price list
        rights); the caller checked the role for the change.
        """
        self.sudo().item_ids.unlink()

    def _close_history(self):
        now = fields.Datetime.now()
        # sudo(): see _activate_due, only the flow writes the history.
        History = self.env["multistore.price.history"].sudo()
        for change in self:
            history = History.search([("price_change_id", "=", change.id)])
            end = min(change.date_end, now) if change.date_end else now
            history.filtered(lambda h, end=end: not h.date_to or h.date_to > end).write(
                {"date_to": end}
            )
