from odoo import Command


class OnlineReturnMixin:
    """An online store and its delivered orders, for the two store fixtures
    of multistore_base (sync tests and till tours)."""

    @classmethod
    def _create_online_store(cls):
        cls.env.company.email = "shop@example.com"
        return cls.env["multistore.store"].create(
            {
                "name": "Online Shop",
                "code": "MS-O",
                "store_type": "online",
                "fulfils_online_orders": False,
            }
        )

    @classmethod
    def _online_order(cls, store, product, partner, qty=2.0, deliver=True):
        """An online order of ``qty`` ``product`` shipped (by routing, from
        the store holding the stock) and, with ``deliver``, delivered."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "store_id": store.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )
        delivery.move_ids.quantity = qty
        delivery.carrier_tracking_ref = f"SF{order.id:08d}"
        delivery.button_validate()
        if deliver:
            order._multistore_confirm_delivery()
        return order

    @classmethod
    def _stock(cls, warehouse, product):
        return product.with_context(warehouse_id=warehouse.id).qty_available

    @classmethod
    def _create_points_program(cls):
        """Chain points: one point per currency unit, in every store and
        online (sale_loyalty)."""
        return cls.env["loyalty.program"].create(
            {
                "name": "Chain Points",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "rule_ids": [
                    Command.create(
                        {"reward_point_mode": "money", "reward_point_amount": 1}
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 0.1,
                            "required_points": 1,
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )

    @classmethod
    def _card(cls, program, partner):
        return cls.env["loyalty.card"].search(
            [("partner_id", "=", partner.id), ("program_id", "=", program.id)]
        )
