from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FeedbackCommon

MEASURES = [
    "response_count:sum",
    "rated_count:sum",
    "satisfaction:avg",
    "nps_answer_count:sum",
    "promoter_count:sum",
    "detractor_count:sum",
    "nps:avg",
    "ticket_opened_count:sum",
    "ticket_closed_count:sum",
    "ticket_open_count:sum",
    "resolution_hours:avg",
]


@tagged("post_install", "-at_install")
class TestFeedbackReport(FeedbackCommon):
    """Satisfaction, NPS and tickets per store and period, as the answers and
    tickets of the test say, seen by each store's manager only."""

    def _figures(self, domain, user=None):
        Report = self.env["multistore.feedback.report"]
        if user:
            Report = Report.with_user(user)
        return {
            store: dict(zip(MEASURES, values, strict=True))
            for store, *values in Report._read_group(domain, ["store_id"], MEASURES)
        }

    def _week(self):
        return [("date", ">=", self.week_from), ("date", "<=", self.week_to)]

    def test_week_figures(self):
        figures = self._figures(self._week())
        a, b = figures[self.store_a], figures[self.store_b]
        self.assertNotIn(self.store_c, figures, "no answer, no ticket")
        self.assertEqual(a["response_count:sum"], len(self.A_WEEK))
        self.assertEqual(a["rated_count:sum"], 5)
        self.assertAlmostEqual(
            a["satisfaction:avg"], self._satisfaction(self.A_WEEK), places=6
        )
        self.assertAlmostEqual(a["satisfaction:avg"], 3.8, places=6)
        self.assertEqual(a["nps_answer_count:sum"], 5)
        self.assertEqual(a["promoter_count:sum"], 3)
        self.assertEqual(a["detractor_count:sum"], 1)
        self.assertAlmostEqual(a["nps:avg"], self._nps(self.A_WEEK), places=6)
        self.assertAlmostEqual(a["nps:avg"], 40.0, places=6)
        self.assertEqual(a["ticket_opened_count:sum"], 4)
        self.assertEqual(a["ticket_closed_count:sum"], 1)
        self.assertEqual(a["ticket_open_count:sum"], 3)
        self.assertAlmostEqual(a["resolution_hours:avg"], 10.0, places=4)
        self.assertAlmostEqual(
            b["satisfaction:avg"], self._satisfaction(self.B_WEEK), places=6
        )
        self.assertAlmostEqual(b["nps:avg"], self._nps(self.B_WEEK), places=6)
        self.assertAlmostEqual(b["nps:avg"], -100.0, places=6)
        self.assertAlmostEqual(b["resolution_hours:avg"], 4.0, places=4)

    def test_all_time_figures(self):
        """Without a period: every answer, and the open tickets of now."""
        a = self._figures([])[self.store_a]
        values = self.A_WEEK + self.A_OLDER
        self.assertEqual(a["response_count:sum"], len(values))
        self.assertAlmostEqual(
            a["satisfaction:avg"], self._satisfaction(values), places=6
        )
        self.assertAlmostEqual(a["nps:avg"], self._nps(values), places=6)
        self.assertEqual(a["ticket_opened_count:sum"], 5)
        self.assertEqual(a["ticket_open_count:sum"], 4)

    def test_per_week_is_a_ratio_not_an_average_of_rows(self):
        """Grouped by week, the NPS of each week is that week's answers'."""
        Report = self.env["multistore.feedback.report"]
        groups = Report._read_group(
            [("store_id", "=", self.store_a.id), ("feedback_type", "=", "survey")],
            ["date:week"],
            ["nps:avg", "satisfaction:avg"],
        )
        self.assertEqual(len(groups), 2)
        by_count = sorted(groups, key=lambda g: g[0])
        self.assertAlmostEqual(by_count[0][1], self._nps(self.A_OLDER), places=6)
        self.assertAlmostEqual(by_count[1][1], self._nps(self.A_WEEK), places=6)
        self.assertAlmostEqual(
            by_count[1][2], self._satisfaction(self.A_WEEK), places=6
        )

    def test_rating_leaves_the_recommend_question_out(self):
        five_and_ten = self.answers_a[0]
        self.assertEqual(five_and_ten.multistore_rating, 5.0)
        only_nps = self.answers_a[-1]
        self.assertEqual(only_nps.multistore_rating, 0.0)

    def test_complaint_reasons(self):
        Report = self.env["multistore.feedback.report"].with_user(self.manager_a)
        groups = Report._read_group(
            self._week() + [("feedback_type", "=", "ticket_opened")],
            ["category_id"],
            ["ticket_opened_count:sum"],
        )
        self.assertEqual(
            dict(groups),
            {
                self.cat_quality: 2,
                self.cat_delivery: 1,
                self.env["helpdesk.ticket.category"]: 1,
            },
        )

    def test_store_manager_sees_own_store_only(self):
        Report = self.env["multistore.feedback.report"]
        rows_b = Report.search([("store_id", "=", self.store_b.id)])
        self.assertTrue(rows_b)
        as_a = Report.with_user(self.manager_a)
        self.assertEqual(set(as_a.search([]).store_id), {self.store_a})
        self.assertFalse(as_a.search([("store_id", "=", self.store_b.id)]))
        self.assertEqual(list(self._figures([], self.manager_a)), [self.store_a])
        self.assertEqual(
            as_a.read_group([], ["nps:avg"], ["store_id"])[0]["store_id"][0],
            self.store_a.id,
        )
        self.assertEqual(len(as_a.read_group([], ["nps:avg"], ["store_id"])), 1)
        with self.assertRaises(AccessError):
            rows_b.with_user(self.manager_a).read(["nps"])
        self.manager_a.groups_id |= self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError):
            rows_b.with_user(self.manager_a).export_data(["store_id", "nps"])
        exported = as_a.search([]).export_data(["store_id", "nps"])["datas"]
        self.assertEqual({row[0] for row in exported}, {self.store_a.display_name})
        # Store B's manager: store B only, with B's figures.
        b = self._figures([], self.manager_b)
        self.assertEqual(list(b), [self.store_b])
        self.assertAlmostEqual(
            b[self.store_b]["nps:avg"], self._nps(self.B_WEEK), places=6
        )
        # A manager of both stores sees both; the chain manager every store.
        both = self._new_manager("ms_manager_ab", self.store_a | self.store_b)
        self.assertEqual(set(self._figures([], both)), {self.store_a, self.store_b})
        self.assertLessEqual(
            {self.store_a, self.store_b},
            set(self._figures([], self.chain_manager)),
        )

    def test_store_staff_have_no_access(self):
        with self.assertRaises(AccessError):
            self.env["multistore.feedback.report"].with_user(self.staff_a).search([])

    def test_report_is_read_only(self):
        row = self.env["multistore.feedback.report"].search([], limit=1)
        with self.assertRaises(AccessError):
            row.with_user(self.manager_a).write({"nps": 100})

    def test_views_load(self):
        Report = self.env["multistore.feedback.report"].with_user(self.manager_a)
        Report.get_views(
            [(False, "list"), (False, "pivot"), (False, "graph"), (False, "search")]
        )
        self.assertEqual(
            Report.web_read_group(
                self._week(), ["nps:avg", "satisfaction:avg"], ["store_id"]
            )["length"],
            1,
        )
