from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import MultistoreCrmCommon


@tagged("post_install", "-at_install")
class TestCustomerSegment(MultistoreCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Segment = cls.env["multistore.customer.segment"]
        cls.gold = cls.env["multistore.loyalty.tier"].create(
            {"name": "Gold", "threshold": 1000}
        )
        c = cls.customers
        # sudo(): tiers are the server's to set (see multistore_loyalty).
        c["eve"].sudo().multistore_tier_id = cls.gold
        c["carol"].birthday = date(1990, 7, 14)
        c["bob"].birthday = date(1985, 7, 1)
        if "multistore.privacy.consent" in cls.env:
            # With multistore_privacy, only members who agreed to emails are
            # exported to a mailing list.
            cls.env["multistore.privacy.consent"].create(
                [
                    {"partner_id": partner.id, "channel": "email", "granted": True}
                    for partner in c.values()
                ]
            )
        cls.chain_segment = cls.Segment.create({"name": "Everyone"})
        cls.segment_b = cls.Segment.create(
            {"name": "Store B customers", "store_id": cls.store_b.id}
        )

    def _members(self, **rules):
        segment = self.Segment.create({"name": "Test", **rules})
        return {
            partner.name.lower()
            for partner in self.env["res.partner"].browse(segment._member_ids())
        }

    def test_rules(self):
        self.assertEqual(
            self._members(), {"alice", "bob", "carol", "dan", "eve", "frank"}
        )
        self.assertEqual(
            self._members(favourite_store_id=self.store_b.id), {"bob", "frank"}
        )
        # Drinks holds Tea: Green Tea buyers, net of the refund.
        self.assertEqual(
            self._members(categ_id=self.categ_drinks.id), {"alice", "bob", "frank"}
        )
        self.assertEqual(self._members(categ_id=self.categ_cups.id), {"alice", "eve"})
        self.assertEqual(self._members(tier_id=self.gold.id), {"eve"})
        self.assertEqual(self._members(birthday_month="7"), {"bob", "carol"})
        self.assertEqual(self._members(lapsed_days=90), {"bob", "frank"})
        self.assertEqual(self._members(lapsed_days=90, birthday_month="7"), {"bob"})
        self.assertEqual(self._members(rfm_segment="new"), {"dan"})
        self.assertEqual(
            self._members(store_id=self.store_b.id), {"alice", "bob", "frank"}
        )

    def test_member_count_per_store_is_scoped(self):
        segment = self.chain_segment
        self.assertEqual(segment.member_count, 6)
        html = str(segment.with_user(self.chain_manager).store_member_html)
        for store in (self.store_a, self.store_b, self.online):
            self.assertIn(store.name, html)
        self.env.invalidate_all()
        html_a = str(segment.with_user(self.staff_a).store_member_html)
        self.assertIn("Store A", html_a)
        self.assertNotIn("Store B", html_a)
        self.assertNotIn("Online Store", html_a)

    def test_store_user_sees_chain_and_own_segments(self):
        segment_a = self.Segment.with_user(self.staff_a).create(
            {"name": "Store A regulars", "store_id": self.store_a.id}
        )
        self.env.invalidate_all()
        visible = self.Segment.with_user(self.staff_a).search([])
        self.assertIn(self.chain_segment, visible)
        self.assertIn(segment_a, visible)
        self.assertNotIn(self.segment_b, visible)
        with self.assertRaises(AccessError):
            self.segment_b.with_user(self.staff_a).read(["name"])

    def test_store_user_creates_only_for_their_store(self):
        Segment = self.Segment.with_user(self.staff_a)
        self.assertEqual(Segment.create({"name": "Mine"}).store_id, self.store_a)
        with self.assertRaises(ValidationError):
            Segment.create({"name": "Theirs", "store_id": self.store_b.id})
        with self.assertRaises(ValidationError):
            Segment.create({"name": "Chain", "store_id": False})
        with self.assertRaises(AccessError):
            self.chain_segment.with_user(self.staff_a).write({"lapsed_days": 10})
        mine = Segment.create({"name": "Moving", "store_id": self.store_a.id})
        with self.assertRaises(ValidationError):
            mine.write({"store_id": self.store_b.id})

    def test_export_to_mailing_list(self):
        segment = self.Segment.create({"name": "Lapsed", "lapsed_days": 90})
        segment.action_export_mailing_list()
        mailing_list = segment.mailing_list_id
        self.assertEqual(
            set(mailing_list.contact_ids.mapped("email")),
            {"bob@example.com", "frank@example.com"},
        )
        segment.lapsed_days = 150
        segment.action_export_mailing_list()
        self.assertEqual(segment.mailing_list_id, mailing_list)
        self.assertEqual(
            set(mailing_list.contact_ids.mapped("email")),
            {"bob@example.com", "frank@example.com"},
        )
        segment.lapsed_days = 300
        segment.action_export_mailing_list()
        self.assertEqual(
            mailing_list.contact_ids.mapped("email"), ["frank@example.com"]
        )

    def test_export_rights(self):
        segment_a = self.Segment.create({"name": "A", "store_id": self.store_a.id})
        segment_a.with_user(self.staff_a).action_export_mailing_list()
        self.assertTrue(segment_a.mailing_list_id)
        with self.assertRaises(AccessError):
            self.chain_segment.with_user(self.staff_a).action_export_mailing_list()
        with self.assertRaises(AccessError):
            self.segment_b.with_user(self.staff_a).action_export_mailing_list()
