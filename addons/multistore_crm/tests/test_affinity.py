from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistoreAffinityCommon


@tagged("post_install", "-at_install")
class TestProductAffinity(MultistoreAffinityCommon):
    def _rows(self):
        return {
            (row.product_id, row.related_product_id): row
            for row in self.Affinity.search([])
        }

    def test_affinities_match_the_order_lines(self):
        expected = self._expected_affinities()
        rows = self._rows()
        self.assertTrue(expected)
        self.assertEqual(set(rows), set(expected))
        for key, row in rows.items():
            want = expected[key]
            label = f"{key[0].name} with {key[1].name}"
            self.assertEqual(row.rank, want["rank"], label)
            self.assertEqual(row.basket_count, want["basket_count"], label)
            self.assertEqual(
                row.product_basket_count, want["product_basket_count"], label
            )
            self.assertEqual(
                row.related_basket_count, want["related_basket_count"], label
            )
            self.assertAlmostEqual(row.support, want["support"], 6, label)
            self.assertAlmostEqual(row.confidence, want["confidence"], 4, label)
            self.assertAlmostEqual(row.lift, want["lift"], 3, label)

    def test_known_pairs(self):
        rows = self._rows()
        # Tea and cup: Alice's basket, store B's basket with the kettle (Bob's
        # was refunded, yet it was sold: it counts) -> 3 baskets.
        self.assertEqual(rows[self.tea, self.cup].basket_count, 3)
        self.assertEqual(rows[self.cup, self.tea].basket_count, 3)
        # Coffee and cup: Dan's basket and the one with two cups (counted once).
        self.assertEqual(rows[self.coffee, self.cup].basket_count, 2)
        # Seen together once only: below the minimum of 2 baskets.
        self.assertNotIn((self.teapot, self.cup), rows)

    def test_single_product_baskets_make_no_pair(self):
        rows = self._rows()
        self.assertFalse([key for key in rows if self.candle in key])
        self.assertEqual(
            rows[self.teapot, self.tea].product_basket_count,
            # Alice, Carol (online), Eve and Grace (alone).
            4,
        )

    def test_refunds_quotations_and_unsaleable_products_not_counted(self):
        rows = self._rows()
        self.assertFalse([key for key in rows if self.wrap in key])
        before = {key: row.basket_count for key, row in rows.items()}
        # A second refund of the same kind changes nothing.
        bob_order = self.refund.lines.refunded_orderline_id.order_id
        self.assertEqual(len(bob_order), 1)
        quotation = self.env["sale.order"].search(
            [("partner_id", "=", self.customers["henry"].id)]
        )
        self.assertEqual(quotation.state, "draft")
        # Kettle with tea: the store B basket and Frank's, not the quotation.
        self.assertEqual(before[self.tea, self.kettle], 2)
        self.Affinity._refresh_affinities()
        self.assertEqual(
            {key: row.basket_count for key, row in self._rows().items()}, before
        )

    def test_top_and_minimum_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("multistore_crm.affinity_top", 1)
        params.set_param("multistore_crm.affinity_min_baskets", 3)
        self.Affinity._refresh_affinities()
        rows = self._rows()
        self.assertTrue(rows)
        self.assertTrue(all(row.rank == 1 for row in rows.values()))
        self.assertTrue(all(row.basket_count >= 3 for row in rows.values()))
        self.assertIn((self.cup, self.tea), rows)

    def test_recommendations_match_independent_figures(self):
        Partner = self.env["res.partner"]
        for partner in self.customers.values():
            got = self.Affinity._recommend_for_partner(partner, limit=5)
            want = self._expected_recommendations(partner, limit=5)
            self.assertEqual(
                [Partner.env["product.product"].browse(r["product_id"]) for r in got],
                want,
                partner.name,
            )

    def test_recommendations_for_a_customer(self):
        grace = self.customers["grace"]
        got = [r["product_id"] for r in self.Affinity._recommend_for_partner(grace)]
        # Teapot was bought with tea and biscuits in 2 baskets each.
        self.assertEqual(set(got), {self.tea.id, self.biscuits.id})
        self.assertNotIn(self.teapot.id, got)
        rec = self.Affinity._recommend_for_partner(grace, limit=1)[0]
        self.assertEqual(rec["because_product_id"], self.teapot.id)
        # A contact of the company gets the company's recommendations.
        contact = self.env["res.partner"].create(
            {"name": "Grace's son", "parent_id": grace.id}
        )
        self.assertEqual(self.Affinity._recommend_for_partner(contact, limit=1), [rec])

    def test_recently_bought_archived_and_filtered_products_left_out(self):
        alice = self.customers["alice"]
        got = [r["product_id"] for r in self.Affinity._recommend_for_partner(alice)]
        # Cup (5 days ago) and coffee (2 days ago) are recent purchases.
        self.assertNotIn(self.cup.id, got)
        self.assertNotIn(self.coffee.id, got)
        self.assertIn(self.biscuits.id, got)
        frank = self.customers["frank"]
        got = [r["product_id"] for r in self.Affinity._recommend_for_partner(frank)]
        self.assertIn(self.cup.id, got)
        self.cup.active = False
        got = [r["product_id"] for r in self.Affinity._recommend_for_partner(frank)]
        self.assertNotIn(self.cup.id, got)
        self.assertEqual(
            self.Affinity._recommend_for_partner(
                frank, product_domain=[("id", "!=", self.tea.id)]
            ),
            [
                r
                for r in self.Affinity._recommend_for_partner(frank)
                if r["product_id"] != self.tea.id
            ],
        )

    def test_no_history_no_recommendation(self):
        henry = self.customers["henry"]
        self.assertEqual(self.Affinity._recommend_for_partner(henry), [])
        self.assertFalse(henry.multistore_crm_recommended_product_ids)
        self.assertEqual(
            self.Affinity._recommend_for_partner(self.env["res.partner"]), []
        )

    def test_partner_field_and_email(self):
        grace = self.customers["grace"]
        self.assertEqual(
            set(grace.multistore_crm_recommended_product_ids),
            {self.tea, self.biscuits},
        )
        template = self.env.ref("multistore_crm.mail_template_bought_together")
        body = template._render_field("body_html", grace.ids)[grace.id]
        self.assertIn("Biscuits", body)
        self.assertIn("Green Tea", body)
        self.assertNotIn("Teapot", body)

    def test_store_users_read_affinities_and_nobody_writes(self):
        row = self.Affinity.search([], limit=1)
        self.assertEqual(
            self.Affinity.with_user(self.staff_b).search_count([]),
            self.Affinity.search_count([]),
        )
        for user in (self.staff_a, self.manager_a, self.chain_manager):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"basket_count": 99})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.Affinity.with_user(user).action_refresh_affinities()
        action = self.Affinity.with_user(self.chain_manager).action_refresh_affinities()
        self.assertEqual(action["tag"], "display_notification")
