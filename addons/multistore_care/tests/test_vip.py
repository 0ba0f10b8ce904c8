from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import MultistoreCareVipCommon


@tagged("post_install", "-at_install")
class TestVipCustomers(MultistoreCareVipCommon):
    """A store's VIPs: its top spenders and the members of the VIP tiers who
    bought there, from the customer figures; each store sees its own."""

    def _expected_top(self, store, n):
        facts = self.env["multistore.customer.store.fact"].search(
            [("store_id", "=", store.id), ("amount", ">", 0)]
        )
        ranked = sorted(facts, key=lambda f: (-f.amount, f.partner_id.id))
        return [fact.partner_id for fact in ranked[:n]]

    def _vips(self, store, user=None):
        Vip = self.Vip.with_user(user) if user else self.Vip
        return Vip.search([("store_id", "=", store.id)])

    def test_top_spenders_per_store(self):
        for store in (self.store_a, self.store_b):
            vips = self._vips(store)
            self.assertEqual(list(vips.partner_id), self._expected_top(store, 1))
            self.assertEqual(vips.store_rank, 1)
            self.assertTrue(vips.by_spend)
            self.assertFalse(vips.by_tier)
        self.env.company.multistore_vip_top_n = 2
        self.Vip.invalidate_model()
        vips = self._vips(self.store_a)
        self.assertEqual(list(vips.partner_id), self._expected_top(self.store_a, 2))
        self.assertEqual(vips.mapped("store_rank"), [1, 2])

    def test_tier_members_are_vip_where_they_bought(self):
        bob = self.customers["bob"]
        self.env.company.write(
            {"multistore_vip_top_n": 0, "multistore_vip_tier_id": self.silver.id}
        )
        # sudo(): tiers are set by the server only.
        bob.sudo().multistore_tier_id = self.gold
        self.customers["eve"].sudo().multistore_tier_id = self.silver
        self.customers["carol"].sudo().multistore_tier_id = False
        self.Vip.invalidate_model()
        self.assertEqual(self._vips(self.store_b).partner_id, bob)
        self.assertEqual(self._vips(self.store_a).partner_id, self.customers["eve"])
        row = self._vips(self.store_b)
        self.assertTrue(row.by_tier)
        self.assertEqual(row.tier_id, self.gold)
        self.env.company.multistore_vip_tier_id = self.gold
        self.Vip.invalidate_model()
        self.assertFalse(self._vips(self.store_a), "silver is below the VIP tier")

    def test_no_rule_no_vip(self):
        self.env.company.multistore_vip_top_n = 0
        self.Vip.invalidate_model()
        self.assertFalse(self.Vip.search([]))

    def test_negative_top_n_refused(self):
        with self.assertRaises(ValidationError):
            self.env.company.multistore_vip_top_n = -1

    def test_each_store_sees_its_own_vips(self):
        self.env.company.multistore_vip_top_n = 10
        self.Vip.invalidate_model()
        rows_a = self.Vip.with_user(self.staff_a).search([])
        rows_b = self.Vip.with_user(self.staff_b).search([])
        self.assertTrue(rows_a and rows_b)
        self.assertEqual(rows_a.store_id, self.store_a)
        self.assertEqual(rows_b.store_id, self.store_b)
        with self.assertRaises(AccessError):
            rows_b[0].with_user(self.staff_a).read(["amount"])
        self.assertEqual(
            set(self.Vip.with_user(self.chain_manager).search([]).store_id.ids),
            {self.store_a.id, self.store_b.id, self.online.id},
        )

    def test_preferences_on_the_vip_list(self):
        vip_a = self._vips(self.store_a)
        customer = vip_a.partner_id
        Note = self.Note.with_user(self.staff_a)
        Note.create({"partner_id": customer.id, "note": "Old note"})
        self.Note.with_user(self.staff_b).create(
            {"partner_id": customer.id, "note": "Store B's secret"}
        )
        action = vip_a.with_user(self.staff_a).action_view_notes()
        self.assertEqual(action["context"]["default_store_id"], self.store_a.id)
        created = Note.with_context(**action["context"]).create({"note": "Latest"})
        self.assertEqual(created.partner_id, customer)
        row = vip_a.with_user(self.staff_a)
        row.invalidate_recordset()
        self.assertEqual(row.note_count, 2, "store B's note is not counted")
        self.assertEqual(row.last_note, "Latest")
