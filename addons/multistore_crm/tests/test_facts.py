import re
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.sql_db import Cursor
from odoo.tests import tagged

from .common import MultistoreCrmCommon, ntile


@tagged("post_install", "-at_install")
class TestCustomerFacts(MultistoreCrmCommon):
    def _fact(self, partner, store):
        return self.env["multistore.customer.store.fact"].search(
            [("partner_id", "=", partner.id), ("store_id", "=", store.id)]
        )

    def _profile(self, partner):
        return self.env["multistore.customer.profile"].search(
            [("partner_id", "=", partner.id)]
        )

    def test_store_facts_match_the_order_lines(self):
        facts, _totals, _categs = self._expected()
        rows = self.env["multistore.customer.store.fact"].search(
            [("partner_id", "in", [p.id for p in self.customers.values()])]
        )
        self.assertEqual({(row.partner_id, row.store_id) for row in rows}, set(facts))
        for row in rows:
            expected = facts[row.partner_id, row.store_id]
            label = f"{row.partner_id.name} in {row.store_id.name}"
            self.assertAlmostEqual(row.amount, expected["amount"], 2, msg=label)
            self.assertEqual(row.order_count, expected["visits"], label)
            self.assertEqual(row.refund_count, expected["refunds"], label)
            self.assertAlmostEqual(row.refund_amount, expected["refunded"], 2)
            self.assertEqual(row.first_date, expected["first"], label)
            self.assertEqual(row.last_date, expected["last"], label)

    def test_refunds_are_net(self):
        alice = self.customers["alice"]
        fact = self._fact(alice, self.store_a)
        # 1 + 2 Green Tea (10.0) + 3 cups (4.0), 1 Green Tea refunded.
        self.assertAlmostEqual(fact.amount, 10 + 20 + 12 - 10, 2)
        self.assertEqual(fact.order_count, 3)
        self.assertEqual(fact.refund_count, 1)
        self.assertAlmostEqual(fact.refund_amount, 10, 2)
        self.assertEqual(self._profile(alice).refund_count, 1)

    def test_online_orders_count_under_the_online_store(self):
        dan = self.customers["dan"]
        fact = self._fact(dan, self.online)
        self.assertAlmostEqual(fact.amount, 75.0, 2)
        self.assertEqual(fact.order_count, 1)
        self.assertEqual(
            self.env["multistore.customer.store.fact"]
            .search([("partner_id", "=", dan.id)])
            .store_id,
            self.online,
        )
        self.assertEqual(self._fact(self.customers["alice"], self.online).amount, 50)

    def test_profile_totals_favourites_and_open_orders(self):
        _facts, totals, categs = self._expected()
        for partner in self.customers.values():
            profile = self._profile(partner)
            total = totals[partner]
            self.assertAlmostEqual(profile.amount, total["amount"], 2)
            self.assertEqual(profile.order_count, total["visits"])
            self.assertEqual(profile.last_date, total["last"])
            self.assertAlmostEqual(
                profile.average_basket, total["amount"] / total["visits"], 2
            )
            ranked = sorted(categs[partner].items(), key=lambda kv: (-kv[1], kv[0].id))
            self.assertEqual(
                [
                    profile.favourite_categ_1_id,
                    profile.favourite_categ_2_id,
                    profile.favourite_categ_3_id,
                ][: len(ranked)],
                [categ for categ, _amount in ranked[:3]],
                partner.name,
            )
        alice = self._profile(self.customers["alice"])
        # Store A 32, online 50, store B 25.
        self.assertEqual(alice.favourite_store_id, self.online)
        # Confirmed and not delivered, or a quotation: open.
        self.assertEqual(self._profile(self.customers["dan"]).open_order_count, 2)
        self.assertEqual(alice.open_order_count, 1)
        self.assertEqual(self._profile(self.customers["bob"]).open_order_count, 0)

    def test_rfm_scores_are_quintiles_of_the_chain(self):
        _facts, totals, _categs = self._expected()
        profiles = self.env["multistore.customer.profile"].search(
            [("last_date", "!=", False)]
        )
        self.assertEqual(set(profiles.partner_id), set(totals))
        partners = sorted(totals, key=lambda p: p.id)
        recency = ntile(sorted(partners, key=lambda p: (totals[p]["last"], p.id)))
        frequency = ntile(sorted(partners, key=lambda p: (totals[p]["visits"], p.id)))
        monetary = ntile(sorted(partners, key=lambda p: (totals[p]["amount"], p.id)))
        now = fields.Datetime.now()
        firsts = {}
        for (partner, _store), fact in self._expected()[0].items():
            if fact["first"]:
                firsts[partner] = min(firsts.get(partner, fact["first"]), fact["first"])
        for partner in partners:
            profile = profiles.filtered(
                lambda p, partner=partner: p.partner_id == partner
            )
            r, f, m = recency[partner], frequency[partner], monetary[partner]
            self.assertEqual(
                (profile.rfm_recency, profile.rfm_frequency, profile.rfm_monetary),
                (r, f, m),
                partner.name,
            )
            self.assertEqual(profile.rfm_score, f"{r}{f}{m}")
            if firsts[partner] >= now - timedelta(days=30):
                segment = "new"
            elif r >= 4 and f >= 4 and m >= 4:
                segment = "champions"
            elif r >= 3 and f >= 4:
                segment = "loyal"
            elif r <= 2 and f >= 3:
                segment = "at_risk"
            elif r <= 2:
                segment = "lapsed"
            else:
                segment = "potential"
            self.assertEqual(profile.rfm_segment, segment, partner.name)
        self.assertEqual(self._profile(self.customers["dan"]).rfm_segment, "new")

    def test_partner_360_is_one_lookup(self):
        alice = self.customers["alice"]
        profile = self._profile(alice)
        self.env.invalidate_all()
        queries = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(query))
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            values = alice.read(
                [
                    "multistore_crm_amount",
                    "multistore_crm_order_count",
                    "multistore_crm_last_date",
                    "multistore_crm_favourite_store_id",
                    "multistore_crm_categ_1_id",
                    "multistore_crm_rfm_segment",
                    "multistore_crm_refund_count",
                ]
            )[0]
        # One search and one read of the profile: nothing over the orders.
        self.assertFalse(
            [
                q
                for q in queries
                if re.search(r'\b(FROM|JOIN)\s+"?(pos|sale)_order', q, re.IGNORECASE)
            ],
            queries,
        )
        profile_queries = [q for q in queries if "multistore_customer_profile" in q]
        self.assertLessEqual(len(profile_queries), 2, profile_queries)
        self.assertEqual(values["multistore_crm_amount"], profile.amount)
        self.assertEqual(values["multistore_crm_favourite_store_id"][0], self.online.id)
        self.assertEqual(alice.multistore_profile_id, profile)

    def test_contact_person_shows_its_company_profile(self):
        alice = self.customers["alice"]
        contact = self.env["res.partner"].create(
            {"name": "Alice's assistant", "parent_id": alice.id}
        )
        self.assertEqual(contact.multistore_profile_id, self._profile(alice))

    def test_refresh_follows_new_orders(self):
        bob = self.customers["bob"]
        before = self._profile(bob).amount
        self._till(self.session_a, bob, fields.Datetime.now(), 1)
        self.env["multistore.customer.store.fact"]._refresh_customer_facts()
        self.assertAlmostEqual(self._profile(bob).amount, before + 10, 2)
        self.assertEqual(self._fact(bob, self.store_a).order_count, 1)
