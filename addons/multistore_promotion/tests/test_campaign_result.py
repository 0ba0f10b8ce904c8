from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistorePromotionCommon

FIGURES = (
    "sent_count",
    "opened_count",
    "clicked_count",
    "order_count",
    "redeemed_count",
    "revenue",
)


@tagged("post_install", "-at_install")
class TestCampaignResult(MultistorePromotionCommon):
    def setUp(self):
        super().setUp()
        self.Result = self.env["multistore.campaign.result"]
        self.env.invalidate_all()

    def _rows(self, user=None):
        Result = self.Result.with_user(user) if user else self.Result
        rows = Result.search([("mailing_id", "in", (self.mailing | self.sms).ids)])
        return {
            (row.mailing_id, row.store_id): {name: row[name] for name in FIGURES}
            for row in rows.sudo()
        }

    def test_figures_match_the_orders_and_traces(self):
        expected = self._expected_results()
        rows = self._rows()
        self.assertEqual(set(rows), set(expected))
        for key, figures in expected.items():
            for name in FIGURES:
                self.assertAlmostEqual(
                    rows[key][name], figures[name], msg=f"{key} {name}"
                )

    def test_fixture_exercises_each_rule(self):
        """The expectations are not trivial: every attribution rule counts."""
        rows = self._rows()
        c = self.customers
        homes = self._home_stores()
        self.assertEqual(homes[c["carol"]], self.store_a)
        self.assertEqual(homes[c["alice"]], self.online)
        email_a = rows[self.mailing, self.store_a]
        # Carol (from a mailing list, matched by email) and Eve, home A.
        self.assertEqual(email_a["sent_count"], 2)
        self.assertEqual(email_a["opened_count"], 1)
        # Carol's redemption in A; Eve's in B, where she bought.
        self.assertEqual(email_a["redeemed_count"], 1)
        self.assertEqual(rows[self.mailing, self.store_b]["redeemed_count"], 1)
        self.assertEqual(rows[self.mailing, self.store_b]["sent_count"], 0)
        # Alice 20 (day 50), Carol 25 + 50 + 8, Eve 4 + 4: Bob is no
        # recipient, Frank's email bounced.
        self.assertAlmostEqual(email_a["revenue"], 20 + 25 + 50 + 8 + 4 + 4)
        # The Ghost never bought: the row without store.
        self.assertEqual(rows[self.mailing, self.Store]["sent_count"], 1)
        # The SMS reached Bob by his number: home B, bought in B after it.
        sms_b = rows[self.sms, self.store_b]
        self.assertEqual((sms_b["sent_count"], sms_b["clicked_count"]), (1, 1))
        self.assertAlmostEqual(sms_b["revenue"], 30.0)

    def test_store_user_reads_only_their_store_rows(self):
        for user, store in (
            (self.staff_a, self.store_a),
            (self.manager_a, self.store_a),
            (self.staff_b, self.store_b),
        ):
            rows = self.Result.with_user(user).search([])
            self.assertTrue(rows, user.login)
            self.assertEqual(rows.store_id, store, user.login)
        everything = self.Result.with_user(self.chain_manager).search([])
        self.assertEqual(
            {row.store_id for row in everything},
            {self.store_a, self.store_b, self.online, self.Store},
        )

    def test_store_user_cannot_read_another_store_row(self):
        rows = self.Result.search([("mailing_id", "=", self.mailing.id)])
        row_b = rows.filtered(lambda r: r.store_id == self.store_b)
        row_a = rows.filtered(lambda r: r.store_id == self.store_a)
        row_none = rows.filtered(lambda r: not r.store_id)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            row_b.with_user(self.staff_a).read(["revenue"])
        with self.assertRaises(AccessError):
            row_none.with_user(self.manager_a).read(["sent_count"])
        with self.assertRaises(AccessError):
            row_a.with_user(self.staff_b).read(["revenue"])
        self.assertTrue(row_a.with_user(self.manager_a).read(["revenue"]))

    def test_store_user_read_group_is_scoped(self):
        groups = self.Result.with_user(self.manager_a).read_group(
            [], ["revenue:sum"], ["store_id"]
        )
        self.assertEqual([g["store_id"][0] for g in groups], [self.store_a.id])
        expected = self._expected_results()
        self.assertAlmostEqual(
            groups[0]["revenue"],
            sum(f["revenue"] for (_m, s), f in expected.items() if s == self.store_a),
        )

    def test_nobody_writes_results(self):
        row = self.Result.search([], limit=1)
        for user in (self.manager_a, self.chain_manager):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"revenue": 1.0})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
