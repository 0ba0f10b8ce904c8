from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import REPORT_MODELS, MultistoreReportsCommon
from .test_xlsx import XlsxMixin


@tagged("post_install", "-at_install")
class TestStoreScoping(XlsxMixin, MultistoreReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Budget = cls.env["multistore.budget"]
        for store in cls.store_a | cls.store_b:
            Budget.create({"store_id": store.id, "date": cls.day, "amount": 100.0})
        cls.env["stock.quant"]._update_available_quantity(
            cls.jam, cls.warehouse_b.lot_stock_id, 2.0
        )
        # Store B's stock reaches the month-end stock facts.
        cls.env["multistore.sales.fact"]._refresh_facts()

    def test_chain_manager_sees_both_stores(self):
        for model in REPORT_MODELS:
            with self.subTest(model=model):
                stores = (
                    self.env[model].with_user(self.chain_manager).search([]).store_id
                )
                # Other stores too when the database has demo data.
                both = self.store_a | self.store_b
                self.assertEqual(stores & both, both, model)

    def test_staff_see_only_their_store(self):
        for user in (self.staff_a, self.manager_a):
            for model in REPORT_MODELS:
                with self.subTest(user=user.login, model=model):
                    Model = self.env[model].with_user(user)
                    records = Model.search([])
                    self.assertTrue(records, f"{model}: store A has figures")
                    self.assertEqual(records.store_id, self.store_a)
                    self.assertFalse(
                        Model.search_count([("store_id", "=", self.store_b.id)])
                    )
                    groups = Model._read_group([], ["store_id"], ["__count"])
                    self.assertEqual([store for store, _c in groups], [self.store_a])
                    legacy = Model.read_group([], ["store_id"], ["store_id"])
                    self.assertEqual(
                        [g["store_id"][0] for g in legacy], [self.store_a.id]
                    )

    def test_every_model_of_the_addon_has_a_store_rule(self):
        """Walk the access rights of the store roles: every model of this
        addon they may read carries a global store rule (and is listed in
        REPORT_MODELS, which the other tests go through)."""
        roles = (
            self.env.ref("multistore_base.group_store_user")
            | self.env.ref("multistore_base.group_store_manager")
            | self.env.ref("multistore_base.group_chain_manager")
        )
        readable = {
            access.model_id.model
            for access in self.env["ir.model.access"].search(
                [("group_id", "in", roles.ids), ("perm_read", "=", True)]
            )
            if self.env[access.model_id.model]._original_module == "multistore_reports"
        }
        self.assertEqual(readable, set(REPORT_MODELS))
        for model in REPORT_MODELS:
            with self.subTest(model=model):
                rules = self.env["ir.rule"].search(
                    [("model_id.model", "=", model), ("global", "=", True)]
                )
                self.assertTrue(
                    any(
                        "store_ids" in rule.domain_force and rule.perm_read
                        for rule in rules
                    ),
                    f"{model} has no global store rule",
                )

    def test_other_stores_rows_refused_by_id(self):
        """Reading store B's rows by id (as a hostile client would, without
        a search) is refused to store A's users."""
        for model in REPORT_MODELS:
            other = self.env[model].search([("store_id", "=", self.store_b.id)])
            self.assertTrue(other, f"{model}: store B has figures")
            for user in (self.staff_a, self.manager_a):
                Model = self.env[model].with_user(user)
                with (
                    self.subTest(model=model, user=user.login),
                    self.assertRaises(AccessError),
                ):
                    Model.browse(other.ids).read(["store_id"])

    def test_figures_are_written_by_the_refresh_only(self):
        """No role writes a fact or a report row: only the refresh (SQL, as
        the system) does. Budgets are the one model users keep."""
        for model in REPORT_MODELS:
            if model == "multistore.budget":
                continue
            row = self.env[model].search([("store_id", "=", self.store_a.id)], limit=1)
            for user in (self.staff_a, self.manager_a, self.chain_manager):
                Model = self.env[model].with_user(user)
                with self.subTest(model=model, user=user.login):
                    with self.assertRaises(AccessError):
                        Model.create({"store_id": self.store_a.id})
                    with self.assertRaises(AccessError):
                        Model.browse(row.id).write({"store_id": self.store_a.id})
                    with self.assertRaises(AccessError):
                        Model.browse(row.id).unlink()

    def test_staff_export_holds_only_their_store(self):
        book = self._export(self.staff_a, self.store_a | self.store_b)
        self.assertIn("Ranking", book.sheetnames)
        ranking = self._rows(book["Ranking"])
        self.assertEqual([row["Store"] for row in ranking], [self.store_a.display_name])
        self._assert_absent(book, self.store_b)
