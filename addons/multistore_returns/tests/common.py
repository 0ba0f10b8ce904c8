from datetime import timedelta

from odoo import Command, fields

from odoo.addons.multistore_base.tests.common import MultistorePosCommon

from ..models.multistore_return_policy import (
    APPROVAL_AMOUNT_PARAM,
    RETURN_DAYS_PARAM,
)


class ReturnsCommon(MultistorePosCommon):
    """Stores A and B with an open till each, and three windows:

    - *Fresh* (3 days): Green Tea (10.00);
    - *Apparel* (30 days) and its sub-category *Coats* (0: inherits 30):
      Wool Coat (100.00);
    - *Homeware* (0, no parent: the chain's default, 7 days): Mug (20.00).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_b = cls._create_user(
            "ms_ret_staff_b", "group_store_user", cls.store_b
        )
        cls.env["ir.config_parameter"].sudo().set_param(RETURN_DAYS_PARAM, "7")
        cls.env["ir.config_parameter"].sudo().set_param(APPROVAL_AMOUNT_PARAM, "0")
        Category = cls.env["product.category"]
        cls.fresh = Category.create({"name": "Fresh", "multistore_return_days": 3})
        cls.apparel = Category.create({"name": "Apparel", "multistore_return_days": 30})
        cls.coats = Category.create({"name": "Coats", "parent_id": cls.apparel.id})
        cls.homeware = Category.create({"name": "Homeware"})
        cls.product.categ_id = cls.fresh
        cls.coat = cls._create_return_product("Wool Coat", 100.0, cls.coats)
        cls.mug = cls._create_return_product("Mug", 20.0, cls.homeware)
        Reason = cls.env["multistore.return.reason"]
        cls.reason_quality = Reason.create({"name": "Quality", "code": "T_QUALITY"})
        cls.reason_size = Reason.create({"name": "Size", "code": "T_SIZE"})

    @classmethod
    def _create_return_product(cls, name, price, category):
        return cls.env["product.product"].create(
            {
                "name": name,
                "is_storable": True,
                "list_price": price,
                "available_in_pos": True,
                "categ_id": category.id,
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def _set_param(cls, name, value):
        cls.env["ir.config_parameter"].sudo().set_param(name, str(value))

    @classmethod
    def _days_ago(cls, days):
        return fields.Datetime.now() - timedelta(days=days)

    # Till -----------------------------------------------------------------

    def _till_sale(self, product, qty, days_ago=0, session=None, user=None):
        """A paid till sale to the customer, ``days_ago`` days ago."""
        order = self._sync_pos_order(
            self._pos_order_vals(
                session or self.session_a,
                [self._pos_line(product, qty=qty)],
                self.customer,
            ),
            user=user or self.staff_a,
        )
        if days_ago:
            # The till sends the order's date: as if it was sold back then.
            order.sudo().date_order = self._days_ago(days_ago)
        return order

    def _till_refund(self, sale, qty, user=None, session=None, reason=None):
        """Refund ``qty`` of the first line of ``sale`` through the till's
        sync, for ``reason`` (a return reason or its id)."""
        line = sale.lines[0]
        return self._sync_pos_order(
            self._pos_order_vals(
                session or self.session_a,
                [
                    self._pos_line(
                        line.product_id,
                        price_unit=line.price_unit,
                        qty=-qty,
                        refunded_orderline_id=line.id,
                    )
                ],
                self.customer,
                multistore_return_reason_id=reason.id
                if hasattr(reason, "id")
                else (reason or False),
            ),
            user=user or self.staff_a,
        )

    # Back office --------------------------------------------------------------

    @classmethod
    def _delivered_sale(cls, product, qty, days_ago=0):
        """A sales order of store A for the customer, delivered, confirmed
        ``days_ago`` days ago."""
        cls.env["stock.quant"]._update_available_quantity(
            product, cls.warehouse_a.lot_stock_id, qty
        )
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "store_id": cls.store_a.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = qty
        delivery.move_ids.picked = True
        delivery.button_validate()
        if days_ago:
            order.sudo().date_order = cls._days_ago(days_ago)
        return order, delivery

    def _return_wizard(self, picking, qty, user=None, reason=None):
        Wizard = self.env["stock.return.picking"]
        if user:
            self.env.invalidate_all()
            Wizard = Wizard.with_user(user)
        wizard = Wizard.with_context(
            active_id=picking.id, active_model="stock.picking"
        ).create(
            {
                "picking_id": picking.id,
                "multistore_return_reason_id": reason.id if reason else False,
            }
        )
        wizard.product_return_moves.quantity = qty
        return wizard

    def _returns_of(self, picking):
        return self.env["stock.picking"].search([("return_id", "=", picking.id)])
