from odoo import Command

from odoo.addons.multistore_base.tests.common import MultistorePosCommon


class MultistoreLoyaltyCommon(MultistorePosCommon):
    """Stores A and B with an open till each, a loyalty program and a member.

    The program gives 1 point per currency unit spent and a discount of 0.10
    per point; orders reach the server the way a till sends them
    (``pos.order.sync_from_ui`` then ``confirm_coupon_programs``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier_a = cls._create_user(
            "ms_loy_cashier_a", "group_store_user", cls.store_a
        )
        cls.cashier_b = cls._create_user(
            "ms_loy_cashier_b", "group_store_user", cls.store_b
        )
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Chain Points",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "rule_ids": [
                    Command.create(
                        {
                            "reward_point_mode": "money",
                            "reward_point_amount": 1,
                            "minimum_qty": 1,
                        }
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
        cls.reward = cls.program.reward_ids
        cls.member = cls.env["res.partner"].create(
            {"name": "Mei Member", "email": "mei@example.com"}
        )
        cls.card = cls.env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.member.id, "points": 0}
        )

    # Till payloads ---------------------------------------------------------------

    @classmethod
    def _reward_line(cls, card, points, code="R1"):
        """A discount line redeeming ``points`` of ``card`` (0.10 each)."""
        return cls._pos_line(
            cls.reward.discount_line_product_id,
            -round(points * cls.reward.discount, 2),
            is_reward_line=True,
            reward_id=cls.reward.id,
            coupon_id=card.id,
            points_cost=points,
            reward_identifier_code=code,
        )

    def _confirm(self, order, points, card=None, line_codes=None, user=None):
        """What the till sends after the order is saved: the points it
        computed for the member's card (new card: negative key)."""
        card = card if card is not None else self.card
        key = card.id if card else -1
        data = {
            key: {
                "points": points,
                "program_id": card.program_id.id if card else self.program.id,
                "coupon_id": key,
                "barcode": False,
                "partner_id": order.partner_id.id,
                "line_codes": line_codes or [],
            }
        }
        if user:
            order = order.with_user(user)
        return order.confirm_coupon_programs(data)

    def _sell(self, session, qty, partner=None, user=None, earn=True):
        """A till sale of ``qty`` Green Tea (10.00 each) earning 1 point per
        currency unit for the member."""
        partner = partner or self.member
        order = self._sync_pos_order(
            self._pos_order_vals(session, [self._pos_line(qty=qty)], partner), user=user
        )
        if earn:
            self._confirm(order, qty * self.product.lst_price, user=user)
        return order

    def _set_points(self, card, points):
        """An earlier balance (points are closed to direct writes)."""
        card.sudo().points = points

    def _history(self, order):
        return self.env["loyalty.history"].search(
            [("order_model", "=", "pos.order"), ("order_id", "=", order.id)]
        )
