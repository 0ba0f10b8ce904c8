from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero


class MultistoreTransfer(models.Model):
    """The steps of a transfer, each taken by one side (see the model's
    docstring in ``multistore_transfer.py``): the role and store checks, the
    stock moves each step drives, and who took it when."""

    # One concern of the model per file, on purpose (see multistore_transfer.py).
    _inherit = "multistore.transfer"  # pylint: disable=consider-merging-classes-inherited

    def on_barcode_scanned(self, barcode):
        self.action_scan(barcode)

    def action_request(self):
        self._multistore_check_state("draft")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id | transfer.dest_store_id,
                action=self.env._("request transfers"),
            )
            if not transfer.line_ids:
                raise UserError(
                    self.env._(
                        "Add the products to send before requesting %(name)s.",
                        name=transfer.name,
                    )
                )
        self._multistore_workflow_step("requested", {"state": "requested"})
        return True

    def action_approve(self):
        self._multistore_check_state("requested")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id,
                manager=True,
                action=self.env._("approve transfers"),
            )
        self._multistore_workflow_step("approved", {"state": "approved"})
        return True

    def action_ship(self):
        """Send the approved quantities: source stock -> transit."""
        self._multistore_check_state("approved")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id, action=self.env._("ship transfers")
            )
            for line in transfer.line_ids:
                if not line.qty_shipped:
                    line._multistore_workflow_write({"qty_shipped": line.qty_requested})
            transfer.line_ids._check_shipped_quantity()
            transfer._check_available()
            warehouse = transfer.source_store_id.warehouse_id
            picking = transfer._create_picking(
                warehouse.int_type_id,
                warehouse.lot_stock_id,
                transfer._transit_location(),
                {line: line.qty_shipped for line in transfer.line_ids},
            )
            transfer._validate_picking(picking)
        self._multistore_workflow_step("shipped", {"state": "shipped"})
        return True

    def action_receive(self):
        """Take in what arrived: transit -> destination stock.

        Lines received short must say why; the difference stays in transit
        until it is written off (``action_write_off``).
        """
        self._multistore_check_state("shipped")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.dest_store_id, action=self.env._("receive transfers")
            )
            transfer.line_ids._check_received_quantity()
            transfer.line_ids._check_difference_reason()
            warehouse = transfer.dest_store_id.warehouse_id
            lines = transfer.line_ids.filtered(
                lambda line: (
                    not float_is_zero(
                        line.qty_received,
                        precision_rounding=line.product_uom_id.rounding,
                    )
                )
            )
            if lines:
                transfer._record_stock_before_receipt(lines)
                picking = transfer._create_picking(
                    warehouse.in_type_id,
                    transfer._transit_location(),
                    warehouse.lot_stock_id,
                    {line: line.qty_received for line in lines},
                )
                transfer._validate_picking(picking)
            transfer._multistore_workflow_step(
                "received",
                {"state": "received" if transfer.has_difference else "done"},
            )
        return True

    def action_write_off(self):
        """Confirm the differences: transit -> inventory loss, then done."""
        self._multistore_check_state("received")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.dest_store_id,
                manager=True,
                action=self.env._("write off transfer differences"),
            )
            lines = transfer.line_ids.filtered(
                lambda line: (
                    not float_is_zero(
                        line.qty_difference,
                        precision_rounding=line.product_uom_id.rounding,
                    )
                )
            )
            warehouse = transfer.dest_store_id.warehouse_id
            for line in lines:
                picking = transfer._create_picking(
                    warehouse.int_type_id,
                    transfer._transit_location(),
                    line.product_id.with_company(
                        transfer.company_id
                    ).property_stock_inventory,
                    {line: line.qty_difference},
                )
                transfer._validate_picking(picking)
            body = self.env._(
                "Written off: %(lines)s",
                lines=", ".join(
                    f"{line.product_id.display_name} {line.qty_difference:g} "
                    f"({line._discrepancy_label()})"
                    for line in lines
                ),
            )
            transfer.message_post(body=body)
        self._multistore_workflow_write({"state": "done"})
        return True

    def action_cancel(self):
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id | transfer.dest_store_id,
                action=self.env._("cancel transfers"),
            )
            if transfer.state not in ("draft", "requested", "approved"):
                raise UserError(
                    self.env._(
                        "%(name)s has left the source store: it can no longer be "
                        "cancelled, receive it instead.",
                        name=transfer.name,
                    )
                )
        self._multistore_workflow_write({"state": "cancel"})
        return True

    def action_draft(self):
        self._multistore_check_state("cancel")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.source_store_id | transfer.dest_store_id,
                action=self.env._("reset transfers to draft"),
            )
        self._multistore_workflow_write({"state": "draft"})
        return True

    def action_scan(self, barcode):
        """Receiving by scanner: each scan of a product adds one received unit."""
        self.ensure_one()
        self._multistore_check_state("shipped")
        self._multistore_check_store_role(
            self.dest_store_id, action=self.env._("receive transfers")
        )
        if not isinstance(barcode, str) or not barcode:
            raise UserError(self.env._("Scan a product barcode."))
        line = self.line_ids.filtered(
            lambda line: (
                barcode in (line.product_id.barcode, line.product_id.default_code)
            )
        )[:1]
        if not line:
            raise UserError(
                self.env._(
                    "Barcode %(barcode)s matches no product of %(name)s.",
                    barcode=barcode,
                    name=self.name,
                )
            )
        # Check before writing: a refused scan leaves the count as it was.
        line.new(
            {
                "qty_shipped": line.qty_shipped,
                "qty_received": line.qty_received + 1,
                "product_id": line.product_id.id,
            }
        )._check_received_quantity()
        line.qty_received += 1
        return True

    def action_fill_received(self):
        """Everything arrived as shipped (the usual case)."""
        self._multistore_check_state("shipped")
        for transfer in self:
            transfer._multistore_check_store_role(
                transfer.dest_store_id, action=self.env._("receive transfers")
            )
            for line in transfer.line_ids:
                line._multistore_workflow_write({"qty_received": line.qty_shipped})
        return True
