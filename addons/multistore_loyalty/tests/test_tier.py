from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyTier(MultistoreLoyaltyCommon):
    """Tiers follow the last twelve months of spend and multiply points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["multistore.loyalty.tier"]
        Tier.search([]).active = False
        cls.silver = Tier.create(
            {"name": "Silver", "threshold": 0, "earn_multiplier": 1}
        )
        cls.gold = Tier.create(
            {
                "name": "Gold",
                "threshold": 200,
                "earn_multiplier": 2,
                "benefits": "Double points",
            }
        )

    def _make_gold(self):
        self._sell(self.session_b, 20, earn=False)
        self.assertEqual(self.member.multistore_tier_id, self.gold)

    def test_paid_order_moves_member_up(self):
        self._sell(self.session_a, 5, earn=False)
        self.assertEqual(self.member.multistore_tier_id, self.silver)
        self.assertEqual(self.member.multistore_spend_12m, 50)
        self._make_gold()
        self.assertEqual(self.member.multistore_spend_12m, 250)
        self.assertEqual(self.gold.member_count, 1)

    def test_multiplier_on_till_points(self):
        self._make_gold()
        self._sell(self.session_a, 3)
        self.assertEqual(self.card.points, 60)
        line = self._history(self.env["pos.order"].search([], order="id desc", limit=1))
        self.assertEqual(line.issued, 60)

    def test_multiplier_does_not_touch_redeemed_points(self):
        self._make_gold()
        self._set_points(self.card, 40)
        order = self._sync_pos_order(
            self._pos_order_vals(
                self.session_a,
                [self._pos_line(qty=3), self._reward_line(self.card, 20)],
                self.member,
            )
        )
        # The till earned 28 (30 - 2 discount) and spent 20.
        self._confirm(order, 28 - 20, line_codes=["R1"])
        self.assertEqual(self.card.points, 40 - 20 + 56)

    def test_multiplier_on_sales_order(self):
        self._make_gold()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "store_id": self.store_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 3}
                    )
                ],
            }
        )
        order._update_programs_and_rewards()
        self.assertEqual(order.coupon_point_ids.points, 60)
        order.action_confirm()
        self.assertEqual(self.card.points, 60)
        # Confirming the quotation counts as spend too.
        self.assertEqual(self.member.multistore_spend_12m, 230)

    def test_refund_lowers_spend_and_tier(self):
        self._make_gold()
        order = self.env["pos.order"].search([("partner_id", "=", self.member.id)])
        self._sync_pos_order(
            self._pos_order_vals(
                self.session_b,
                [
                    self._pos_line(
                        qty=-5, price_unit=10.0, refunded_orderline_id=order.lines.id
                    )
                ],
                self.member,
            )
        )
        self.assertEqual(self.member.multistore_spend_12m, 150)
        self.assertEqual(self.member.multistore_tier_id, self.silver)

    def test_cron_follows_rolling_twelve_months(self):
        self._make_gold()
        self.member.sudo().write(
            {"multistore_tier_id": False, "multistore_spend_12m": 0}
        )
        self.env["res.partner"]._cron_multistore_update_tiers()
        self.assertEqual(self.member.multistore_tier_id, self.gold)
        with freeze_time(fields.Datetime.now() + timedelta(days=370)):
            self.env["res.partner"]._cron_multistore_update_tiers()
        self.assertEqual(self.member.multistore_tier_id, self.silver)
        self.assertEqual(self.member.multistore_spend_12m, 0)

    def test_till_loads_tier_of_member(self):
        self._make_gold()
        fields_loaded = self.env["res.partner"]._load_pos_data_fields(self.config_a.id)
        self.assertIn("multistore_tier_multiplier", fields_loaded)
        data = self.member.read(fields_loaded)[0]
        self.assertEqual(data["multistore_tier_multiplier"], 2)
        self.assertEqual(data["multistore_tier_name"], "Gold")

    def test_spend_is_untaxed(self):
        """Tiers are earned on untaxed spend (company currency), as the sales
        facts count revenue: taxes that lift the spend over a threshold do
        not lift the tier."""
        tax = self.env["account.tax"].create(
            {"name": "VAT 10%", "amount": 10.0, "amount_type": "percent"}
        )
        self._sell(self.session_a, 5, earn=False)  # 50.00, no tax
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "store_id": self.store_a.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 14,
                            "price_unit": 10.0,
                            "tax_id": [Command.set(tax.ids)],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.assertEqual((order.amount_untaxed, order.amount_total), (140.0, 154.0))
        # Taxed: 50 + 154 = 204, over Gold's 200; untaxed: 190.
        self.assertEqual(self.member.multistore_spend_12m, 190.0)
        self.assertEqual(self.member.multistore_tier_id, self.silver)
        self.env["res.partner"]._cron_multistore_update_tiers()
        self.assertEqual(self.member.multistore_tier_id, self.silver)
        # Ten more untaxed reach it.
        self._sell(self.session_b, 1, earn=False)
        self.assertEqual(self.member.multistore_spend_12m, 200.0)
        self.assertEqual(self.member.multistore_tier_id, self.gold)

    def test_tiers_read_once_for_many_members(self):
        """The tiers are read once for all the members updated together,
        and a tier of another company never applies to a member of this
        one."""
        other_company = self.env["res.company"].create({"name": "Other Chain Co"})
        self.env["multistore.loyalty.tier"].create(
            {
                "name": "Other Co Platinum",
                "threshold": 0,
                "earn_multiplier": 5,
                "company_id": other_company.id,
            }
        )
        members = self.env["res.partner"].create(
            [{"name": f"Tier Member {index}"} for index in range(4)]
        )
        Tier = type(self.env["multistore.loyalty.tier"])
        searches = []
        search = Tier.search

        def counting_search(model, domain, *args, **kwargs):
            searches.append(domain)
            return search(model, domain, *args, **kwargs)

        self.patch(Tier, "search", counting_search)
        members._multistore_update_tier()
        self.assertEqual(len(searches), 1)
        self.assertEqual(members.multistore_tier_id, self.silver)
