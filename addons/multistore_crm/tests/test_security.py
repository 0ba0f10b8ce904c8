from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistoreCrmCommon


@tagged("post_install", "-at_install")
class TestCustomerFactSecurity(MultistoreCrmCommon):
    def setUp(self):
        super().setUp()
        self.Fact = self.env["multistore.customer.store.fact"]
        self.fact_b = self.Fact.search(
            [
                ("partner_id", "=", self.customers["bob"].id),
                ("store_id", "=", self.store_b.id),
            ]
        )
        self.fact_a = self.Fact.search(
            [
                ("partner_id", "=", self.customers["carol"].id),
                ("store_id", "=", self.store_a.id),
            ]
        )
        self.env.invalidate_all()

    def test_store_user_searches_only_their_store(self):
        facts = self.Fact.with_user(self.staff_a).search([])
        self.assertTrue(facts)
        self.assertEqual(facts.store_id, self.store_a)
        self.assertNotIn(self.fact_b, facts)
        self.assertIn(self.fact_b, self.Fact.with_user(self.chain_manager).search([]))

    def test_store_user_cannot_read_another_store_row(self):
        with self.assertRaises(AccessError):
            self.fact_b.with_user(self.staff_a).read(["amount"])
        with self.assertRaises(AccessError):
            self.fact_a.with_user(self.staff_b).read(["amount"])
        self.assertTrue(self.fact_a.with_user(self.manager_a).read(["amount"]))

    def test_store_user_read_group_is_scoped(self):
        groups = self.Fact.with_user(self.staff_a).read_group(
            [], ["amount:sum"], ["store_id"]
        )
        self.assertEqual([g["store_id"][0] for g in groups], [self.store_a.id])
        everything = self.Fact.with_user(self.chain_manager).read_group(
            [], ["amount:sum"], ["store_id"]
        )
        self.assertEqual(
            {g["store_id"][0] for g in everything},
            {self.store_a.id, self.store_b.id, self.online.id},
        )

    def test_nobody_writes_facts(self):
        for user in (self.staff_a, self.manager_a, self.chain_manager):
            with self.assertRaises(AccessError):
                self.fact_a.with_user(user).write({"amount": 1.0})
            with self.assertRaises(AccessError):
                self.Fact.with_user(user).create(
                    {
                        "partner_id": self.customers["bob"].id,
                        "store_id": self.store_a.id,
                    }
                )
            with self.assertRaises(AccessError):
                self.fact_a.with_user(user).unlink()
            profile = self.env["multistore.customer.profile"].search([], limit=1)
            with self.assertRaises(AccessError):
                profile.with_user(user).write({"amount": 1.0})

    def test_profiles_are_chain_wide_for_store_users(self):
        profile = (
            self.env["multistore.customer.profile"]
            .with_user(self.staff_a)
            .search([("partner_id", "=", self.customers["bob"].id)])
        )
        # Bob only ever bought in store B: his 360 is still readable in A.
        self.assertEqual(profile.favourite_store_id, self.store_b)

    def test_refresh_is_refused_to_store_roles(self):
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.Fact.with_user(user).action_refresh_customer_facts()
        action = self.Fact.with_user(self.chain_manager).action_refresh_customer_facts()
        self.assertEqual(action["tag"], "display_notification")
