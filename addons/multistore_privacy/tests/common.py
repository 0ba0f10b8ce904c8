from odoo import Command

from odoo.addons.multistore_base.tests.common import MultistorePosCommon

NAME = "Privtest Zhou Qiyun"
PHONE = "13912348765"
EMAIL = "privtest.zhou.qiyun@example.com"
STREET = "777 Privtest Nanjing Road"


class MultistorePrivacyCommon(MultistorePosCommon):
    """A member with a unique name, phone, email and street who bought at
    the till of store A and online, holds loyalty points, consented to
    email (not SMS); and a second customer who consented to nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.member = Partner.create(
            {
                "name": NAME,
                "phone": PHONE,
                "email": EMAIL,
                "street": STREET,
                "city": "Shanghai",
                "zip": "200001",
            }
        )
        cls.other = Partner.create(
            {
                "name": "Other Customer",
                "phone": "13700001111",
                "email": "other.customer@example.com",
            }
        )
        cls.env["multistore.privacy.consent"].create(
            [
                {"partner_id": cls.member.id, "channel": "email", "granted": True},
                {"partner_id": cls.member.id, "channel": "sms", "granted": False},
            ]
        )
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Chain Members",
                "program_type": "loyalty",
                "applies_on": "both",
                "trigger": "auto",
            }
        )
        # sudo(): a card with points, as the points flows would leave it.
        cls.card = (
            cls.env["loyalty.card"]
            .sudo()
            .create(
                {
                    "program_id": cls.program.id,
                    "partner_id": cls.member.id,
                    "points": 120,
                }
            )
        )
        cls.order_a = cls._sync_pos_order(
            cls._pos_order_vals(cls.session_a, [cls._pos_line(qty=3)], cls.member)
        )
        cls._sync_pos_order(
            cls._pos_order_vals(cls.session_a, [cls._pos_line(qty=1)], cls.other)
        )
        cls.sale = cls.env["sale.order"].create(
            {
                "partner_id": cls.member.id,
                "store_id": cls.store_a.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 2})
                ],
            }
        )
        cls.sale.action_confirm()
