from odoo import models
from odoo.exceptions import UserError


class MultistoreStockCount(models.Model):
    """The steps of a stock count (see the model's docstring in
    ``multistore_stock_count.py``): the staff of the store start, scan and
    validate; its manager approves, sends back or cancels differences above
    the approval threshold."""

    # One concern of the model per file, on purpose (see multistore_stock_count.py).
    _inherit = "multistore.stock.count"  # pylint: disable=consider-merging-classes-inherited

    def on_barcode_scanned(self, barcode):
        self.action_scan(barcode)

    def action_start(self):
        """Print the count sheet: one line per product in stock."""
        self._multistore_check_state("draft")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )
        self._generate_lines()
        self._multistore_workflow_step("started", {"state": "in_progress"})
        return True

    def action_scan(self, barcode):
        """Counting by scanner: each scan of a product counts one more unit.

        A product the sheet does not list (no stock expected here) gets a
        new line.
        """
        self.ensure_one()
        self._multistore_check_state("in_progress")
        self._multistore_check_store_role(
            self.store_id, action=self.env._("count stock")
        )
        if not isinstance(barcode, str) or not barcode.strip():
            raise UserError(self.env._("Scan a product barcode."))
        barcode = barcode.strip()
        product = self.env["product.product"].search(
            [("barcode", "=", barcode)], limit=1
        ) or self.env["product.product"].search(
            [("default_code", "=", barcode)], limit=1
        )
        if not product:
            raise UserError(
                self.env._(
                    "Barcode %(barcode)s matches no product: count it by hand or "
                    "check the product's barcode.",
                    barcode=barcode[:64],
                )
            )
        if not product.is_storable:
            raise UserError(
                self.env._(
                    "%(product)s is not tracked in stock: it is not counted.",
                    product=product.display_name,
                )
            )
        lines = self.line_ids.filtered(lambda line: line.product_id == product)
        line = (
            lines.filtered(lambda line: line.location_id == self.location_id) or lines
        )[:1]
        if line and isinstance(self.id, models.NewId):
            line.update({"qty_counted": line.qty_counted + 1, "is_counted": True})
        elif line:
            line.write({"qty_counted": line.qty_counted + 1, "is_counted": True})
        elif isinstance(self.id, models.NewId):
            # From the form's scanner (an onchange): the line is saved with
            # the count.
            self.line_ids += self.line_ids.new(
                {
                    "product_id": product.id,
                    "location_id": self.location_id.id,
                    "qty_counted": 1.0,
                    "is_counted": True,
                }
            )
        else:
            self.env["multistore.stock.count.line"].create(
                {
                    "count_id": self.id,
                    "product_id": product.id,
                    "location_id": self.location_id.id,
                    "qty_counted": 1.0,
                }
            )
        return True

    def action_validate(self):
        """Counting is over: post, or ask the store manager to approve."""
        self._multistore_check_state("in_progress")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )
            uncounted = count.line_ids.filtered(lambda line: not line.is_counted)
            if uncounted:
                raise UserError(
                    self.env._(
                        "%(name)s: %(count)s lines are not counted yet (%(products)s"
                        "...). Count them, entering 0 for what is not on the shelf.",
                        name=count.name,
                        count=len(uncounted),
                        products=", ".join(
                            uncounted[:3].mapped("product_id.display_name")
                        ),
                    )
                )
        self._refresh_expected()
        self._multistore_workflow_step("validated")
        for count in self:
            over = count._lines_over_threshold()
            if over:
                count._multistore_workflow_write({"state": "to_approve"})
                count._ask_approval(over)
            else:
                count._post()
        return True

    def action_approve(self):
        """The store manager accepts the differences: post them."""
        self._multistore_check_state("to_approve")
        for count in self:
            count._multistore_check_store_role(
                count.store_id,
                manager=True,
                action=self.env._("approve stock count differences"),
            )
        self._multistore_workflow_step("approved")
        for count in self:
            count._post()
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_recount(self):
        """The store manager sends the count back to the counters."""
        self._multistore_check_state("to_approve")
        for count in self:
            count._multistore_check_store_role(
                count.store_id,
                manager=True,
                action=self.env._("send stock counts back for recounting"),
            )
        self._multistore_workflow_write({"state": "in_progress"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_cancel(self):
        for count in self:
            if count.state not in ("draft", "in_progress", "to_approve"):
                raise UserError(
                    self.env._(
                        "%(name)s is posted: its adjustments are in the stock. "
                        "Count again to correct them.",
                        name=count.name,
                    )
                )
            # Differences waiting for approval are the manager's to drop.
            count._multistore_check_store_role(
                count.store_id,
                manager=count.state == "to_approve",
                action=self.env._("cancel stock counts"),
            )
        self._multistore_workflow_write({"state": "cancel"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_draft(self):
        """Back to draft; starting again prints a fresh count sheet."""
        self._multistore_check_state("cancel")
        for count in self:
            count._multistore_check_store_role(
                count.store_id, action=self.env._("count stock")
            )
        self._multistore_workflow_write({"state": "draft"})
        # The old sheet goes: lines are not deleted by hand outside counting.
        self.line_ids.sudo().unlink()
        return True

    def action_view_moves(self):
        self.ensure_one()
        self._multistore_check_store_role(
            self.store_id, action=self.env._("see the moves of stock counts")
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.stock_move_action"
        )
        action["domain"] = [("multistore_stock_count_id", "=", self.id)]
        action["context"] = {}
        return action

    def _lines_over_threshold(self):
        self.ensure_one()
        return self.sudo().line_ids.filtered(lambda line: line._is_over_threshold())

    def _ask_approval(self, lines):
        """Tell the store manager; the message says how many, not how much."""
        self.ensure_one()
        body = self.env._(
            "%(count)s lines differ from the expected stock by more than the "
            "store's approval threshold: the store manager approves them or "
            "sends the count back for recounting.",
            count=len(lines),
        )
        self.message_post(body=body)
        manager = self.store_id.manager_id
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Approve the stock count differences"),
            )
