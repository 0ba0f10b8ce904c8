from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import EMAIL, NAME, PHONE, STREET, MultistorePrivacyCommon


@tagged("post_install", "-at_install")
class TestErasure(MultistorePrivacyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        member = cls.member.with_env(env)
        # Copies of the personal data Odoo keeps elsewhere: tracked changes,
        # messages on the customer and from them, an email campaign (mail
        # queue, statistics, mailing contact), a portal account (audit log),
        # an export file.
        member.write({"mobile": "+86 139 1234 8765"})
        member.message_post(body=f"Called {NAME} at {PHONE}, lives at {STREET}")
        sale = cls.sale.with_env(env)
        sale.write({"partner_id": cls.other.id})
        sale.write({"partner_id": cls.member.id})
        sale.message_post(
            body=f"Question from {NAME}",
            author_id=cls.member.id,
            email_from=f"{NAME} <{EMAIL}>",
            message_type="email",
        )
        env.cr.precommit.run()
        mailing_list = env["mailing.list"].create({"name": "VIP"})
        env["mailing.contact"].create(
            {"name": NAME, "email": EMAIL, "list_ids": [Command.link(mailing_list.id)]}
        )
        env["mailing.mailing"].create(
            {
                "subject": "VIP",
                "body_html": "<p>Hello</p>",
                "keep_archives": True,
                "mailing_model_id": env.ref("mass_mailing.model_mailing_list").id,
                "contact_list_ids": [Command.set(mailing_list.ids)],
            }
        ).action_send_mail()
        cls.portal = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": EMAIL,
                    "partner_id": cls.member.id,
                    "groups_id": [Command.set(env.ref("base.group_portal").ids)],
                }
            )
        )
        cls.member.with_user(cls.chain_manager).action_multistore_privacy_export()
        cls.env.flush_all()

    def _scan(self, values):
        """{value: [table.column]} of every text column holding a value."""
        cr = self.env.cr
        cr.execute(
            """SELECT c.table_name, c.column_name
                 FROM information_schema.columns c
                 JOIN information_schema.tables t
                   ON t.table_schema = c.table_schema
                  AND t.table_name = c.table_name
                WHERE c.table_schema = 'public'
                  AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('character varying', 'text', 'jsonb')"""
        )
        columns = cr.fetchall()
        found = {}
        for table, column in columns:
            for value in values:
                cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE strpos(lower(%s::text), %s) > 0 "
                        "LIMIT 1",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        value.lower(),
                    )
                )
                if cr.fetchone():
                    found.setdefault(value, []).append(f"{table}.{column}")
        return found

    def _figures(self):
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """SELECT store_id, SUM(amount_total), COUNT(*) FROM pos_order
                GROUP BY store_id ORDER BY store_id"""
        )
        pos = cr.fetchall()
        cr.execute(
            """SELECT store_id, SUM(amount_total) FROM sale_order
                WHERE state = 'sale' GROUP BY store_id ORDER BY store_id"""
        )
        sales = cr.fetchall()
        cr.execute("SELECT SUM(points), COUNT(*) FROM loyalty_card")
        points = cr.fetchall()
        self.env["multistore.customer.store.fact"]._refresh_customer_facts()
        cr.execute(
            """SELECT partner_id, store_id, amount, order_count
                 FROM multistore_customer_store_fact ORDER BY 1, 2"""
        )
        facts = cr.fetchall()
        cr.execute("SELECT SUM(quantity) FROM stock_quant")
        stock = cr.fetchall()
        return pos, sales, points, facts, stock

    def test_erasure_leaves_no_trace_and_keeps_figures(self):
        values = [NAME, PHONE, EMAIL, STREET]
        before = self._scan(values)
        # The data is there before (the scan works).
        self.assertEqual(set(before), set(values))
        for copy in (
            "pos_order.email",
            "mail_message.body",
            "auditlog_log_line.new_value",
        ):
            self.assertIn(copy, before[EMAIL] + before[NAME] + before[PHONE])
        figures = self._figures()
        wizard = (
            self.env["multistore.privacy.erase.wizard"]
            .with_user(self.chain_manager)
            .create({"partner_id": self.member.id})
        )
        wizard.action_erase()
        self.assertEqual(self._scan(values), {})
        self.assertEqual(self._figures(), figures)
        member = self.member.with_context(active_test=False)
        self.env.invalidate_all()
        self.assertEqual(member.name, f"Erased customer #{member.id}")
        self.assertFalse(member.active)
        self.assertTrue(member.multistore_privacy_erased)
        self.assertFalse(member.email or member.phone or member.street)
        self.assertEqual(self.card.partner_id, member)
        self.assertEqual(self.card.points, 120)
        self.assertEqual(self.order_a.partner_id, member)
        self.assertFalse(self.portal.active)
        request = self.env["multistore.privacy.request"].search(
            [("partner_id", "=", member.id), ("request_type", "=", "erasure")]
        )
        self.assertEqual(request.user_id, self.chain_manager)
        self.assertEqual(request.reference, member.name)
        # Nothing finds the customer any more by their old data.
        Partner = self.env["res.partner"].with_context(active_test=False)
        for domain in (
            [("name", "ilike", "Privtest")],
            [("email", "ilike", "privtest")],
            [("phone_mobile_search", "like", PHONE)],
        ):
            self.assertFalse(Partner.search(domain))

    def test_erasure_refused_to_store_roles(self):
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.member.with_user(user).action_multistore_privacy_erase()
            with self.assertRaises(AccessError):
                self.env["multistore.privacy.erase.wizard"].with_user(user).create(
                    {"partner_id": self.member.id}
                )
            with self.assertRaises(AccessError):
                self.env["multistore.privacy.request"].with_user(user)._erase_partner(
                    self.member
                )
        self.assertEqual(self.member.name, NAME)
        self.assertEqual(self.member.email, EMAIL)

    def test_staff_user_cannot_be_erased(self):
        with self.assertRaises(UserError):
            self.staff_a.partner_id.with_user(
                self.chain_manager
            ).action_multistore_privacy_erase()
