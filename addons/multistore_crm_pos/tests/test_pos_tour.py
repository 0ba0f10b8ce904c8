from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon


@tagged("post_install", "-at_install")
class TestCustomerPanelTour(MultistorePosTourCommon):
    """Store A's cashier opens the customer panel of a member of the chain
    (who bought in store B and online), sees her figures, tier and points,
    and sells her the product recommended for her."""

    @classmethod
    def _setup_chain(cls):
        cls.env["loyalty.program"].search([]).write({"active": False})

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.online = cls.env["multistore.store"].create(
            {"name": "Online Shop", "code": "MS-WEB", "store_type": "online"}
        )
        Product = cls.env["product.product"]

        def product(name, price):
            return Product.create(
                {
                    "name": name,
                    "available_in_pos": True,
                    "is_storable": False,
                    "list_price": price,
                    "taxes_id": False,
                }
            )

        cls.teapot = product("Multistore Teapot", 60.0)
        cls.cup = product("Multistore Tea Cup", 5.0)
        cls.tray = product("Multistore Tray", 12.0)
        cls.leaves = product("Multistore Tea Leaves", 30.0)
        Partner = cls.env["res.partner"]
        cls.member = Partner.create({"name": "Mei Member"})
        buyer = Partner.create({"name": "Lin Buyer"})
        now = fields.Datetime.now()
        # Mei: a teapot in store B two months ago, tea leaves online lately.
        cls._sale(cls.member, cls.store_b, now - timedelta(days=60), cls.teapot)
        cls._sale(cls.member, cls.online, now - timedelta(days=20), cls.leaves)
        # Other baskets of the chain: the cup goes with the teapot (3 of 4
        # baskets), the tray less often (2 of 4).
        cls._sale(buyer, cls.store_b, now - timedelta(days=90), cls.teapot, cls.cup)
        for _i in range(2):
            cls._sale(
                buyer,
                cls.store_b,
                now - timedelta(days=80),
                cls.teapot,
                cls.cup,
                cls.tray,
            )
        program = cls.env["loyalty.program"].create(
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
                            "discount": 0.01,
                            "required_points": 1000,
                            "discount_applicability": "order",
                        }
                    )
                ],
            }
        )
        cls.env["loyalty.card"].sudo().create(
            {"program_id": program.id, "partner_id": cls.member.id, "points": 25}
        )
        gold = cls.env["multistore.loyalty.tier"].create(
            {"name": "Gold", "threshold": 0, "earn_multiplier": 1}
        )
        cls.member.sudo().write({"multistore_tier_id": gold.id})
        cls.env["multistore.customer.store.fact"]._refresh_customer_facts()
        cls.env["multistore.product.affinity"]._refresh_affinities()

    @classmethod
    def _sale(cls, partner, store, date, *products):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "store_id": store.id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": 1})
                    for p in products
                ],
            }
        )
        order.action_confirm()
        order.date_order = date
        return order

    def start_pos_tour(self, tour_name, login="pos_user", **kwargs):
        # Steps waiting for the server have 30 s: give the whole tour time
        # for them on a busy machine.
        kwargs.setdefault("timeout", 180)
        return super().start_pos_tour(tour_name, login=login, **kwargs)

    def test_customer_panel_and_recommendation_at_the_till(self):
        panel = self.main_pos_config.with_user(
            self.cashier_a
        ).multistore_crm_customer_panel
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        # What the tour will read, from the server.
        values = panel(self.member.id)
        self.assertEqual(values["order_count"], 2)
        self.assertAlmostEqual(values["amount"], 90.0)
        self.assertEqual(
            [rec["name"] for rec in values["recommendations"]],
            ["Multistore Tea Cup", "Multistore Tray"],
        )
        self.start_pos_tour(
            "multistore_crm_pos_customer_panel", login=self.cashier_a.login
        )
        order = self.env["pos.order"].search(
            [("session_id", "=", self.main_pos_config.current_session_id.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.partner_id, self.member)
        self.assertEqual(order.lines.product_id, self.cup)
        self.assertAlmostEqual(order.amount_total, 5.0)
