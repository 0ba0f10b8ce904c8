from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import EMAIL, PHONE, MultistorePrivacyCommon

MASKED_PHONE = "139****8765"
MASKED_EMAIL = "p***@example.com"


@tagged("post_install", "-at_install")
class TestMasking(MultistorePrivacyCommon):
    def setUp(self):
        super().setUp()
        self.env.invalidate_all()
        self.Partner = self.env["res.partner"].with_user(self.staff_a)

    def test_store_roles_read_masked(self):
        for user in (self.staff_a, self.manager_a):
            partner = self.member.with_user(user)
            values = partner.read(["phone", "email", "email_normalized"])[0]
            self.assertEqual(values["phone"], MASKED_PHONE)
            self.assertEqual(values["email"], MASKED_EMAIL)
            self.assertNotIn(EMAIL, str(values))
        rows = self.Partner.search_read(
            [("id", "=", self.member.id)], ["phone", "email"]
        )
        self.assertEqual(rows[0]["phone"], MASKED_PHONE)
        web = self.Partner.web_search_read(
            [("id", "=", self.member.id)],
            {"phone": {}, "email": {}, "email_formatted": {}, "phone_sanitized": {}},
        )
        self.assertNotIn(PHONE, str(web))
        self.assertNotIn(EMAIL, str(web))

    def test_export_and_group_masked(self):
        self.staff_a.groups_id |= self.env.ref("base.group_allow_export")
        rows = self.Partner.browse(self.member.id).export_data(
            ["name", "phone", "email"]
        )
        self.assertEqual(rows["datas"][0][1:], [MASKED_PHONE, MASKED_EMAIL])
        # Through another document (the till order's customer).
        order_rows = (
            self.env["pos.order"]
            .with_user(self.staff_a)
            .browse(self.order_a.id)
            .export_data(["partner_id/email", "partner_id/phone"])
        )
        self.assertEqual(order_rows["datas"][0], [MASKED_EMAIL, MASKED_PHONE])
        with self.assertRaises(AccessError):
            self.Partner.read_group([], ["email"], ["email"])
        with self.assertRaises(AccessError):
            self.Partner.read_group([], ["phone:array_agg"], [])

    def test_display_name_with_email_masked(self):
        names = self.Partner.with_context(show_email=True).name_search(
            "Privtest", limit=5
        )
        self.assertTrue(names)
        self.assertNotIn(EMAIL, str(names))
        order = (
            self.env["pos.order"]
            .with_user(self.staff_a)
            .with_context(show_email=True)
            .browse(self.order_a.id)
        )
        self.assertNotIn(EMAIL, str(order.read(["partner_id"])))

    def test_chain_manager_reads_clear(self):
        values = self.member.with_user(self.chain_manager).read(["phone", "email"])[0]
        self.assertEqual(values["phone"], PHONE)
        self.assertEqual(values["email"], EMAIL)

    def test_own_partner_is_clear(self):
        self.staff_a.partner_id.email = "staff.a@example.com"
        values = self.staff_a.partner_id.with_user(self.staff_a).read(["email"])[0]
        self.assertEqual(values["email"], "staff.a@example.com")

    def test_search_by_full_phone_still_finds_the_customer(self):
        found = self.Partner.search([("phone_mobile_search", "like", PHONE)])
        self.assertEqual(found, self.member)

    def test_search_by_a_part_finds_nobody(self):
        """A part of the number or address would tell, search after
        search, what the mask hides: it matches nobody, and negative or
        ordering conditions on a part are refused."""
        Partner = self.Partner
        for leaf in (
            ("phone", "ilike", PHONE[:3]),
            ("phone_mobile_search", "like", PHONE[-4:]),
            ("mobile", "=like", "139%"),
            ("email", "ilike", EMAIL.split("@")[0][:3]),
            ("email", "ilike", "@" + EMAIL.split("@")[1]),
            ("email_normalized", "=ilike", EMAIL[:4] + "%"),
            ("email", "ilike", EMAIL[1:]),  # a whole address ending the real one
        ):
            self.assertFalse(Partner.search([("id", "=", self.member.id), leaf]), leaf)
            self.assertFalse(
                Partner.search_count([("id", "=", self.member.id), leaf]), leaf
            )
        for domain in (
            [("phone", "not ilike", PHONE[:3])],
            ["!", ("phone", "ilike", PHONE[:3])],
            [("email", ">", "p")],
        ):
            with self.assertRaises(AccessError):
                Partner.search(domain)
        with self.assertRaises(AccessError):
            Partner.search([], order="phone")
        # Whole values still find the customer; a name search goes on by name.
        self.assertEqual(Partner.search([("phone", "=", PHONE)]), self.member)
        self.assertEqual(Partner.search([("email", "ilike", EMAIL)]), self.member)
        self.assertIn(self.member, Partner.search([("email", "!=", False)]))
        names = Partner.name_search(EMAIL.split("@")[0] + "@")
        self.assertNotIn(self.member.id, [row[0] for row in names])
        self.assertFalse(Partner.search([("display_name", "ilike", "zhou.qiyun")]))
        self.assertIn(
            self.member.id, [row[0] for row in Partner.name_search(self.member.name)]
        )
        # Chain managers search as they please.
        self.assertEqual(
            self.env["res.partner"]
            .with_user(self.chain_manager)
            .search([("id", "=", self.member.id), ("phone", "ilike", PHONE[:3])]),
            self.member,
        )

    def test_writing_back_a_masked_value_keeps_the_real_one(self):
        self.staff_a.groups_id |= self.env.ref("base.group_partner_manager")
        self.Partner.browse(self.member.id).write(
            {"phone": MASKED_PHONE, "email": MASKED_EMAIL, "city": "Hangzhou"}
        )
        self.assertEqual(self.member.phone, PHONE)
        self.assertEqual(self.member.email, EMAIL)
        self.assertEqual(self.member.city, "Hangzhou")
        self.Partner.browse(self.member.id).write({"phone": "13600002222"})
        self.assertEqual(self.member.phone, "13600002222")

    def test_till_lookup_gives_the_served_customer_in_clear(self):
        Partner = self.Partner
        result = Partner.multistore_privacy_till_lookup(self.config_a.id, PHONE)
        self.assertEqual([r["id"] for r in result], [self.member.id])
        self.assertEqual(result[0]["phone"], PHONE)
        self.assertEqual(result[0]["email"], EMAIL)
        by_email = Partner.multistore_privacy_till_lookup(
            self.config_a.id, EMAIL.upper()
        )
        self.assertEqual([r["id"] for r in by_email], [self.member.id])
        # Part of a number finds nobody.
        self.assertEqual(
            Partner.multistore_privacy_till_lookup(self.config_a.id, PHONE[:7]), []
        )
        # Not at another store's till.
        with self.assertRaises(AccessError):
            Partner.multistore_privacy_till_lookup(self.config_b.id, PHONE)
        self.session_a.action_pos_session_closing_control()
        with self.assertRaises(UserError):
            Partner.multistore_privacy_till_lookup(self.config_a.id, PHONE)

    def test_colleagues_companies_and_stores_read_clear_in_one_query(self):
        """A store user reads customers masked, but the contact details of
        colleagues (internal users, archived ones too), of companies and of
        stores (archived ones too) in clear; which are which is one query
        whatever the number of partners read."""
        Partner = self.env["res.partner"]
        colleague = self.manager_a.partner_id
        archived_colleague = self._create_user(
            "ms_privacy_gone", "group_store_user", self.store_a
        )
        archived_colleague.active = False
        store_partner = Partner.create(
            {"name": "Store C address", "email": "store.c@example.com"}
        )
        self.Store.create(
            {
                "name": "Online Store C",
                "code": "PRIVC",
                "store_type": "online",
                "partner_id": store_partner.id,
                "active": False,
            }
        )
        company = self.env.company.partner_id
        people = {
            colleague: "colleague.a@example.com",
            archived_colleague.partner_id: "gone.a@example.com",
            store_partner: "store.c@example.com",
            company: "hq@example.com",
        }
        for partner, email in people.items():
            partner.email = email
        partners = (
            self.member
            | self.other
            | Partner.browse([partner.id for partner in people])
        )
        self.env.flush_all()
        self.env.invalidate_all()
        read = self.Partner.browse(partners.ids)
        self.assertTrue(read.env.user.partner_id.id)  # the reader, in cache
        before = self.env.cr.sql_log_count
        clear = read._multistore_privacy_clear_ids()
        self.assertEqual(self.env.cr.sql_log_count - before, 1)
        self.assertEqual(clear, {partner.id for partner in people})
        values = {row["id"]: row["email"] for row in read.read(["email"])}
        for partner, email in people.items():
            self.assertEqual(values[partner.id], email, partner.name)
        self.assertEqual(values[self.member.id], MASKED_EMAIL)
        self.assertNotEqual(values[self.other.id], "other.customer@example.com")
