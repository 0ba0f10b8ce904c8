from lxml import html

from odoo.tests import tagged

from .common import FeedbackCommon


@tagged("post_install", "-at_install")
class TestWeeklyMail(FeedbackCommon):
    """The weekly mail of multistore_reports carries last week's feedback:
    each store manager their store's, chain managers every store's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for store, manager in (
            (cls.store_a, cls.manager_a),
            (cls.store_b, cls.manager_b),
            (cls.store_c, cls.manager_c),
        ):
            store.manager_id = manager
            manager.email = f"{manager.login}@example.com"
        cls.chain_manager.email = "chain@example.com"

    @staticmethod
    def _rows(body):
        """{store name: [cell texts]} of the feedback table of a mail."""
        tree = html.fromstring(body)
        rows = {}
        for tr in tree.xpath("//table//tbody/tr"):
            cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
            rows[cells[0]] = cells[1:]
        return rows

    def _expected_cells(self, values, opened, closed, still_open, reasons):
        return [
            str(len(values)),
            f"{self._satisfaction(values):.2f}",
            f"{self._nps(values):+.0f}",
            str(opened),
            str(closed),
            str(still_open),
            reasons,
        ]

    def test_recipients_and_figures(self):
        Mail = self.env["mail.mail"]
        before = Mail.search([])
        self.env["multistore.store"]._cron_send_chain_summary()
        mails = Mail.search([]) - before
        by_partner = {mail.recipient_ids: mail for mail in mails}
        name_a = self.store_a.display_name
        name_b = self.store_b.display_name
        name_c = self.store_c.display_name
        # Store A: 3 of 4 tickets of the week still open, and the one from
        # before: 4 open now; quality twice, late pickup once (the ticket
        # without category is no reason).
        expected_a = self._expected_cells(
            self.A_WEEK, 4, 1, 4, "Product quality (2); Late pickup (1)"
        )
        expected_b = self._expected_cells(self.B_WEEK, 2, 1, 1, "Price (1); Staff (1)")
        rows_a = self._rows(by_partner[self.manager_a.partner_id].body_html)
        self.assertEqual(rows_a, {name_a: expected_a})
        self.assertIn("+40", rows_a[name_a])
        rows_b = self._rows(by_partner[self.manager_b.partner_id].body_html)
        self.assertEqual(rows_b, {name_b: expected_b})
        # Store C had no answer and no ticket: said so, no figures.
        rows_c = self._rows(by_partner[self.manager_c.partner_id].body_html)
        self.assertEqual(len(rows_c[name_c]), 1)
        self.assertIn("No customer feedback this week", rows_c[name_c][0])
        # The chain manager: one line per store.
        chain_body = by_partner[self.chain_manager.partner_id].body_html
        rows_chain = self._rows(chain_body)
        self.assertEqual(rows_chain[name_a], expected_a)
        self.assertEqual(rows_chain[name_b], expected_b)
        self.assertIn("No customer feedback this week", rows_chain[name_c][0])
        # The mail of multistore_reports is still there.
        self.assertIn("The chain summary of your stores is attached", chain_body)
        self.assertTrue(by_partner[self.manager_a.partner_id].attachment_ids)

    def test_only_last_week_counts(self):
        """The older answer (rating 1, NPS 0) and ticket stay out of the week."""
        body = self.env["multistore.store"]._chain_summary_body(
            self.manager_a, self.store_a
        )
        cells = self._rows(body)[self.store_a.display_name]
        self.assertEqual(cells[0], str(len(self.A_WEEK)))
        self.assertNotIn("Staff", cells[-1])

    def test_manager_reads_with_own_rights(self):
        """Asked for another store's figures, a manager's mail holds none."""
        body = self.env["multistore.store"]._chain_summary_body(
            self.manager_a, self.store_a | self.store_b
        )
        self.assertEqual(list(self._rows(body)), [self.store_a.display_name])
        self.assertNotIn(self.store_b.display_name, body)

    def test_chinese_mail(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "multistore_feedback")]
        )._update_translations("zh_CN")
        self.manager_a.lang = "zh_CN"
        body = self.env["multistore.store"]._chain_summary_body(
            self.manager_a, self.store_a
        )
        self.assertIn("上周顾客反馈", body)
        self.assertIn("门店", body)
        self.assertIn("+40", body)
