import inspect

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.multistore_sales_fact import REFRESHED_AT_PARAM
from .common import MultistoreReportsCommon
from .test_xlsx import REPORT_REF

ADDON_MODULE = "odoo.addons.multistore_reports."
# Every public method of the addon's models (callable over RPC) and the role
# it needs. A new public method must be added here, with its role check.
PUBLIC_METHODS = {
    "action_refresh_facts": "multistore_base.group_store_manager",
    "action_rebuild_facts": "multistore_base.group_chain_manager",
    "action_open_dashboard": "multistore_base.group_store_user",
    "generate_xlsx_report": "multistore_base.group_store_user",
}
# Where each of them is called.
PUBLIC_METHOD_MODELS = {
    "action_refresh_facts": "multistore.sales.fact",
    "action_rebuild_facts": "multistore.sales.fact",
    "action_open_dashboard": "multistore.store.dashboard",
    "generate_xlsx_report": "report.multistore_reports.chain_summary_xlsx",
}
# ORM overrides: guarded by access rights, rules and multistore_base.
ORM_METHODS = {"create", "write", "unlink", "init"}


@tagged("post_install", "-at_install")
class TestPublicMethods(MultistoreReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(
            cls.env, login="ms_reports_employee", groups="base.group_user"
        )

    def _public_methods(self):
        """(model, method) of every public method defined by this addon."""
        found = set()
        for name in self.env.registry:
            for cls in type(self.env[name]).__mro__:
                if not cls.__module__.startswith(ADDON_MODULE):
                    continue
                for attr, value in vars(cls).items():
                    if (
                        not attr.startswith("_")
                        and attr not in ORM_METHODS
                        and inspect.isfunction(value)
                    ):
                        found.add(attr)
        return found

    def _facts_state(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            self.env["ir.config_parameter"].sudo().get_param(REFRESHED_AT_PARAM),
            {
                model._name: model.search_count([])
                for model in self.env["multistore.sales.fact"]._fact_models()
            },
        )

    def _user_without(self, group):
        """A user one role short of ``group``."""
        return {
            "multistore_base.group_chain_manager": self.manager_a,
            "multistore_base.group_store_manager": self.staff_a,
            "multistore_base.group_store_user": self.employee,
        }[group]

    def test_every_public_method_is_audited(self):
        self.assertEqual(self._public_methods(), set(PUBLIC_METHODS))

    def test_public_methods_refuse_users_without_the_role(self):
        before = self._facts_state()
        for method, group in PUBLIC_METHODS.items():
            user = self._user_without(group)
            self.assertFalse(user.has_group(group))
            model = self.env[PUBLIC_METHOD_MODELS[method]].with_user(user)
            args = (None, {}, self.store_a) if method == "generate_xlsx_report" else ()
            with (
                self.subTest(method=method, user=user.login),
                self.assertRaises(AccessError),
            ):
                getattr(model, method)(*args)
        self.assertEqual(self._facts_state(), before)

    def test_cashier_cannot_rebuild_or_refresh(self):
        """The rebuild empties every fact table: a cashier's call is refused
        and the figures stay as they were."""
        Fact = self.env["multistore.sales.fact"].with_user(self.staff_a)
        before = self._facts_state()
        with self.assertRaises(AccessError):
            Fact.action_rebuild_facts()
        with self.assertRaises(AccessError):
            Fact.action_refresh_facts()
        with self.assertRaises(AccessError):
            Fact.with_user(self.manager_a).action_rebuild_facts()
        self.assertEqual(self._facts_state(), before)

    def test_managers_refresh_chain_manager_rebuilds(self):
        snapshot = self._fact_snapshot()
        Fact = self.env["multistore.sales.fact"]
        action = Fact.with_user(self.manager_a).action_refresh_facts()
        self.assertEqual(action["tag"], "display_notification")
        action = Fact.with_user(self.chain_manager).action_rebuild_facts()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self._fact_snapshot(), snapshot)

    def test_staff_open_the_dashboard_without_refreshing(self):
        Dashboard = self.env["multistore.store.dashboard"]
        before = Dashboard.search([("store_id", "=", self.store_a.id)]).revenue_today
        config = self._create_pos_config(self.store_a)
        session = self.env["pos.session"].create({"config_id": config.id})
        order = self._create_pos_order(session, qty=2.0)
        order.write({"state": "paid", "date_order": fields.Datetime.now()})
        action = Dashboard.with_user(self.staff_a).action_open_dashboard()
        self.assertEqual(action["res_model"], "multistore.store.dashboard")
        self.env.invalidate_all()
        row = Dashboard.search([("store_id", "=", self.store_a.id)])
        self.assertAlmostEqual(row.revenue_today, before, places=4)
        # A manager's dashboard brings the figures up to date.
        Dashboard.with_user(self.manager_a).action_open_dashboard()
        self.env.invalidate_all()
        row = Dashboard.search([("store_id", "=", self.store_a.id)])
        self.assertAlmostEqual(
            row.revenue_today - (before or 0.0), order.amount_total, places=4
        )

    def test_bad_period_is_refused(self):
        Report = self.env["ir.actions.report"].with_user(self.manager_a)
        for data in (
            {"date_from": "2025-02-30"},
            {"date_to": "yesterday"},
            {"date_to": 1e300},
            {"date_to": "0001-01-01"},
            {"date_from": "2025-06-01", "date_to": "2025-01-01"},
        ):
            with self.subTest(data=data), self.assertRaises(UserError):
                Report._render_xlsx(REPORT_REF, self.store_a.ids, data)
        content, _fmt = Report._render_xlsx(
            REPORT_REF,
            self.store_a.ids,
            {"date_from": "2025-01-01", "date_to": "2025-06-30"},
        )
        self.assertTrue(content)


@tagged("post_install", "-at_install")
class TestBudgetSecurity(MultistoreReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Budget = cls.env["multistore.budget"]
        cls.budget_a = Budget.create(
            {"store_id": cls.store_a.id, "date": cls.day, "amount": 100.0}
        )
        cls.budget_b = Budget.create(
            {"store_id": cls.store_b.id, "date": cls.day, "amount": 200.0}
        )

    def test_manager_cannot_move_a_budget_to_another_store(self):
        budget = self.budget_a.with_user(self.manager_a)
        with self.assertRaises(AccessError):
            budget.write({"store_id": self.store_b.id, "line_type": "expense"})
        self.budget_a.invalidate_recordset()
        self.assertEqual(self.budget_a.store_id, self.store_a)
        self.assertEqual(self.budget_a.line_type, "revenue")

    def test_manager_budgets_of_own_stores_only(self):
        Budget = self.env["multistore.budget"].with_user(self.manager_a)
        with self.assertRaises(AccessError):
            Budget.create(
                {
                    "store_id": self.store_b.id,
                    "date": self.day,
                    "line_type": "expense",
                    "amount": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            self.budget_b.with_user(self.manager_a).write({"amount": 1.0})
        with self.assertRaises(AccessError):
            self.budget_b.with_user(self.manager_a).unlink()
        with self.assertRaises(AccessError):
            self.budget_b.with_user(self.manager_a).read(["amount"])
        self.assertEqual(self.budget_b.amount, 200.0)
        # Their own store's budgets they plan freely.
        self.budget_a.with_user(self.manager_a).write({"amount": 150.0})
        self.assertEqual(self.budget_a.amount, 150.0)
        Budget.create(
            {
                "store_id": self.store_a.id,
                "date": self.day,
                "line_type": "expense",
                "amount": 1.0,
            }
        )

    def test_staff_read_only(self):
        budget = self.budget_a.with_user(self.staff_a)
        self.assertEqual(budget.amount, 100.0)
        with self.assertRaises(AccessError):
            budget.write({"amount": 1.0})
        with self.assertRaises(AccessError):
            budget.unlink()
        with self.assertRaises(AccessError):
            self.env["multistore.budget"].with_user(self.staff_a).create(
                {
                    "store_id": self.store_a.id,
                    "date": self.day,
                    "line_type": "expense",
                    "amount": 1.0,
                }
            )
        with self.assertRaises(AccessError):
            self.budget_b.with_user(self.staff_a).read(["amount"])

    def test_chain_manager_moves_budgets(self):
        self.budget_a.with_user(self.chain_manager).write(
            {"store_id": self.store_b.id, "line_type": "expense"}
        )
        self.assertEqual(self.budget_a.store_id, self.store_b)

    def test_bad_month_is_refused(self):
        Budget = self.env["multistore.budget"].with_user(self.manager_a)
        count = Budget.search_count([])
        for value in ("2025-02-30", "next month", 12345, "2025-13-01"):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError):
                    Budget.create(
                        {
                            "store_id": self.store_a.id,
                            "date": value,
                            "line_type": "expense",
                            "amount": 1.0,
                        }
                    )
                with self.assertRaises(ValidationError):
                    self.budget_a.with_user(self.manager_a).write({"date": value})
        self.assertEqual(Budget.search_count([]), count)
        self.assertEqual(self.budget_a.date, self.day.replace(day=1))

    def test_name_and_company_follow_the_store(self):
        budget = self.budget_a.with_user(self.manager_a)
        for vals in ({"name": "B / forged"}, {"company_id": self.env.company.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                budget.write(vals)
        self.assertTrue(self.budget_a.name.startswith(self.store_a.code))


@tagged("post_install", "-at_install")
class TestReportParameters(MultistoreReportsCommon):
    def test_days_parameters_take_whole_days(self):
        """Text in a period parameter would break every read of the report
        that uses it: refused when saved, the old value kept."""
        icp = self.env["ir.config_parameter"].sudo()
        for key in (
            "multistore_reports.best_seller_days",
            "multistore_reports.slow_moving_days",
            "multistore_reports.dead_stock_days",
        ):
            for value in ("ninety", "-5", "0", "1e300", "99999"):
                with (
                    self.subTest(key=key, value=value),
                    self.assertRaises(ValidationError),
                ):
                    icp.set_param(key, value)
            icp.set_param(key, "60")
            self.assertEqual(icp.get_param(key), "60")
        self.assertTrue(self.env["multistore.best.seller"].search([]))
        self.assertTrue(self.env["multistore.slow.stock"].search([]))
