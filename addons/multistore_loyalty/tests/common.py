import uuid

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.multistore_base.tests.common import MultistoreCommon


class MultistoreLoyaltyCommon(MultistoreCommon):
    """Stores A and B with an open till each, a loyalty program and a member.

    The program gives 1 point per currency unit spent and a discount of 0.10
    per point; orders reach the server the way a till sends them
    (``pos.order.sync_from_ui`` then ``confirm_coupon_programs``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cash_method = cls.env["pos.payment.method"].create(
            {
                "name": "Loyalty Card Terminal",
                "journal_id": cls.company_data["default_journal_bank"].id,
                "company_id": cls.env.company.id,
            }
        )
        cls.config_a = cls._create_pos_config(cls.store_a)
        cls.config_b = cls._create_pos_config(cls.store_b)
        for config in cls.config_a | cls.config_b:
            config.payment_method_ids = [Command.set(cls.cash_method.ids)]
            config.open_ui()
        cls.session_a = cls.config_a.current_session_id
        cls.session_b = cls.config_b.current_session_id
        cls.cashier_a = cls._create_cashier("ms_loy_cashier_a", cls.store_a)
        cls.cashier_b = cls._create_cashier("ms_loy_cashier_b", cls.store_b)
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

    @classmethod
    def _create_cashier(cls, login, store):
        return new_test_user(
            cls.env,
            login=login,
            groups="multistore_base.group_store_user",
            store_ids=[Command.set(store.ids)],
            store_id=store.id,
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    # Till payloads ---------------------------------------------------------------

    @classmethod
    def _line(cls, product=None, qty=1.0, price_unit=None, **extra):
        product = product or cls.product
        price = product.lst_price if price_unit is None else price_unit
        amount = qty * price
        return Command.create(
            {
                "uuid": str(uuid.uuid4()),
                "product_id": product.id,
                "qty": qty,
                "price_unit": price,
                "price_subtotal": amount,
                "price_subtotal_incl": amount,
                "discount": 0.0,
                "tax_ids": [Command.set([])],
                "pack_lot_ids": [],
                **extra,
            }
        )

    @classmethod
    def _reward_line(cls, card, points, code="R1"):
        """A discount line redeeming ``points`` of ``card`` (0.10 each)."""
        return cls._line(
            cls.reward.discount_line_product_id,
            1.0,
            -round(points * cls.reward.discount, 2),
            is_reward_line=True,
            reward_id=cls.reward.id,
            coupon_id=card.id,
            points_cost=points,
            reward_identifier_code=code,
        )

    @classmethod
    def _ui_order(cls, session, lines, partner=None, order_uuid=None):
        total = sum(line[2]["price_subtotal_incl"] for line in lines)
        order_uuid = order_uuid or str(uuid.uuid4())
        return {
            "uuid": order_uuid,
            "name": f"Order {order_uuid}",
            "session_id": session.id,
            "partner_id": partner.id if partner else False,
            "user_id": cls.env.uid,
            "sequence_number": 1,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "pricelist_id": session.config_id.pricelist_id.id,
            "fiscal_position_id": False,
            "lines": lines,
            "payment_ids": [
                Command.create(
                    {
                        "amount": total,
                        "name": fields.Datetime.to_string(fields.Datetime.now()),
                        "payment_method_id": cls.cash_method.id,
                    }
                )
            ],
            "amount_paid": total,
            "amount_total": total,
            "amount_tax": 0.0,
            "amount_return": 0.0,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
        }

    def _sync(self, order_vals, user=None):
        PosOrder = self.env["pos.order"]
        if user:
            # Nothing read by the test as superuser may hide what the user
            # cannot read (the cache is shared between users).
            self.env.invalidate_all()
            PosOrder = PosOrder.with_user(user)
        result = PosOrder.sync_from_ui([order_vals])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

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
        order = self._sync(
            self._ui_order(session, [self._line(qty=qty)], partner), user=user
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
