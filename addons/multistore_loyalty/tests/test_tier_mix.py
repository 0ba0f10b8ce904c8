from collections import defaultdict
from datetime import datetime

import pytz

from odoo import Command
from odoo.tests import tagged

from odoo.addons.multistore_base.tools.sales_rules import store_tz

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyTierMix(MultistoreLoyaltyCommon):
    """Customers per store, month and tier, with their orders and revenue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["multistore.loyalty.tier"]
        Tier.search([]).active = False
        cls.silver = Tier.create(
            {"name": "Silver", "threshold": 0, "earn_multiplier": 1}
        )
        cls.gold = Tier.create({"name": "Gold", "threshold": 200, "earn_multiplier": 2})
        cls.company_member = cls.env["res.partner"].create(
            {"name": "Tea House Ltd", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer of Tea House", "parent_id": cls.company_member.id}
        )

    @staticmethod
    def _month(order):
        """First day of the month of the order's day in its store's zone."""
        zone = pytz.timezone(store_tz(order.store_id))
        local = pytz.utc.localize(order.date_order).astimezone(zone)
        return local.date().replace(day=1)

    def _expected(self):
        """Worked out from the orders with the ORM."""
        rows = defaultdict(lambda: {"members": set(), "orders": 0, "revenue": 0.0})
        orders = self.env["pos.order"].search(
            [("state", "in", ["paid", "done", "invoiced"]), ("partner_id", "!=", False)]
        )
        for order in orders:
            partner = order.partner_id.commercial_partner_id
            key = (
                order.store_id,
                self._month(order),
                partner.multistore_tier_id,
            )
            rows[key]["members"].add(partner)
            rows[key]["orders"] += 1
            rows[key]["revenue"] += (order.amount_total - order.amount_tax) / (
                order.currency_rate or 1.0
            )
        for order in self.env["sale.order"].search([("state", "=", "sale")]):
            partner = order.partner_id.commercial_partner_id
            key = (
                order.store_id,
                self._month(order),
                partner.multistore_tier_id,
            )
            rows[key]["members"].add(partner)
            rows[key]["orders"] += 1
            rows[key]["revenue"] += order.amount_untaxed / (order.currency_rate or 1.0)
        return rows

    def _sell_and_refund(self):
        self._sell(self.session_a, 25, earn=False)  # member: 250, gold
        self._sell(self.session_a, 2, earn=False)
        self._sell(self.session_a, 3, partner=self.contact, earn=False)  # silver
        order_b = self._sell(self.session_b, 4, partner=self.contact, earn=False)
        line = order_b.lines
        self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [
                    self._pos_line(
                        line.product_id,
                        line.price_unit,
                        qty=-1,
                        refunded_orderline_id=line.id,
                    )
                ],
                self.contact,
            )
        )
        sale = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "store_id": self.store_b.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "price_unit": 10.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        sale.action_confirm()

    def test_figures_equal_the_orders(self):
        self._sell_and_refund()
        self.assertEqual(self.member.multistore_tier_id, self.gold)
        self.assertEqual(self.company_member.multistore_tier_id, self.silver)
        expected = self._expected()
        Mix = self.env["multistore.loyalty.tier.mix"]
        rows = Mix.search([("store_id", "in", (self.store_a | self.store_b).ids)])
        self.assertEqual({(r.store_id, r.date, r.tier_id) for r in rows}, set(expected))
        for row in rows:
            exp = expected[(row.store_id, row.date, row.tier_id)]
            self.assertEqual(row.member_count, len(exp["members"]))
            self.assertEqual(row.order_count, exp["orders"])
            self.assertAlmostEqual(row.revenue, exp["revenue"], places=2)
        # A: the gold member twice (one member), the company once via its contact.
        gold_a = rows.filtered(
            lambda r: r.store_id == self.store_a and r.tier_id == self.gold
        )
        self.assertEqual((gold_a.member_count, gold_a.order_count), (1, 2))
        self.assertAlmostEqual(gold_a.revenue, 270.0, places=2)
        # B: 40 sold to the company, 10 refunded; 20 on a sales order (gold).
        silver_b = rows.filtered(
            lambda r: r.store_id == self.store_b and r.tier_id == self.silver
        )
        self.assertAlmostEqual(silver_b.revenue, 30.0, places=2)

    def test_store_scoping(self):
        self._sell_and_refund()
        Mix = self.env["multistore.loyalty.tier.mix"]
        for user in (self.staff_a, self.manager_a):
            rows = Mix.with_user(user).search([])
            self.assertTrue(rows)
            self.assertEqual(rows.store_id, self.store_a)
            groups = Mix.with_user(user)._read_group([], ["store_id"], ["revenue:sum"])
            self.assertEqual([store for store, _r in groups], [self.store_a])
        chain = Mix.with_user(self.chain_manager).search([])
        self.assertEqual(chain.store_id, self.store_a | self.store_b)

    def test_month_in_store_time_zone(self):
        """An order at 23:30 on 31 March in Shanghai (15:30 UTC) is a March
        order of a Shanghai store; at 00:30 on 1 April (16:30 UTC) an April
        one, whatever the company's or the reader's time zone."""
        self.store_a.partner_id = self.env["res.partner"].create(
            {"name": "Store A address", "tz": "Asia/Shanghai"}
        )
        self.env.company.partner_id.tz = "America/New_York"
        march = self._sell(self.session_a, 2, earn=False)
        april = self._sell(self.session_a, 3, earn=False)
        march.sudo().date_order = datetime(2025, 3, 31, 15, 30)
        april.sudo().date_order = datetime(2025, 3, 31, 16, 30)
        Mix = self.env["multistore.loyalty.tier.mix"].with_context(tz="UTC")
        rows = Mix.search([("store_id", "=", self.store_a.id)])
        self.assertEqual(
            sorted((str(r.date), r.order_count, r.revenue) for r in rows),
            [("2025-03-01", 1, 20.0), ("2025-04-01", 1, 30.0)],
        )
