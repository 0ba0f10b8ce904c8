from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class MultistoreTransfer(models.Model):
    """The stock side of a transfer: real Odoo pickings from the source
    store to the company's transit location and from transit into the
    destination store (or to inventory loss for a written-off difference)."""

    # One concern of the model per file, on purpose (see multistore_transfer.py).
    _inherit = "multistore.transfer"  # pylint: disable=consider-merging-classes-inherited

    def action_view_pickings(self):
        self.ensure_one()
        self._multistore_check_store_role(
            self.source_store_id | self.dest_store_id,
            action=self.env._("see the pickings of transfers"),
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("id", "in", self.picking_ids.ids)]
        action["context"] = {}
        return action

    def _check_available(self):
        location = self.source_store_id.warehouse_id.lot_stock_id
        Quant = self.env["stock.quant"]
        for line in self.line_ids:
            if line.product_id.type != "consu" or not line.product_id.is_storable:
                continue
            available = Quant._get_available_quantity(line.product_id, location)
            if (
                float_compare(
                    line.qty_shipped,
                    available,
                    precision_rounding=line.product_uom_id.rounding,
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Only %(available)s %(uom)s of %(product)s are available "
                        "in %(store)s: ship at most that much.",
                        available=available,
                        uom=line.product_uom_id.name,
                        product=line.product_id.display_name,
                        store=self.source_store_id.display_name,
                    )
                )

    def _record_stock_before_receipt(self, lines):
        """Write on ``lines`` the destination store's stock before the receipt.

        On hand in every internal location of the destination warehouse,
        in the product's unit: what the store had to sell without this
        transfer (see ``multistore.stockout.avoided``).
        """
        warehouse = self.dest_store_id.warehouse_id
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", lines.product_id.ids),
                ("location_id", "child_of", warehouse.view_location_id.id),
                ("location_id.usage", "=", "internal"),
            ],
            ["product_id"],
            ["quantity:sum"],
        )
        on_hand = dict(groups)
        # The report leaves out lines whose stock was never recorded (NULL:
        # lines received before this field existed). The ORM skips writing
        # a value equal to the cached one, and an unset float reads as 0.0:
        # drop it from the cache so that a recorded 0.0 is stored as well.
        lines.invalidate_recordset(["qty_before_receipt"])
        for line in lines:
            # A workflow field: the receiving step (role checked) records it.
            line.sudo().qty_before_receipt = on_hand.get(line.product_id, 0.0)

    def _transit_location(self):
        location = self.company_id.internal_transit_location_id
        if not location.active:
            # Odoo creates the inter-warehouse transit location inactive;
            # the first transfer between stores puts it to use.
            location.sudo().active = True
        return location

    def _create_picking(self, picking_type, location, location_dest, quantities):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": location.id,
                "location_dest_id": location_dest.id,
                "origin": self.name,
                "move_ids": [
                    fields.Command.create(
                        {
                            "name": self.name,
                            "product_id": line.product_id.id,
                            "product_uom": line.product_uom_id.id,
                            "product_uom_qty": qty,
                            "location_id": location.id,
                            "location_dest_id": location_dest.id,
                        }
                    )
                    for line, qty in quantities.items()
                ],
            }
        )
        # The link to the transfer is a workflow field of the picking that
        # no user writes directly; the calling step has checked the role.
        picking.sudo().multistore_transfer_id = self
        return picking

    def _validate_picking(self, picking):
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "Picking %(picking)s could not be validated.", picking=picking.name
                )
            )
