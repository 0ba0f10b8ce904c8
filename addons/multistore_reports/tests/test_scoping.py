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

    def test_chain_manager_sees_both_stores(self):
        for model in REPORT_MODELS:
            with self.subTest(model=model):
                stores = (
                    self.env[model].with_user(self.chain_manager).search([]).store_id
                )
                self.assertEqual(stores, self.store_a | self.store_b, model)

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

    def test_staff_export_holds_only_their_store(self):
        book = self._export(self.staff_a, self.store_a | self.store_b)
        self.assertIn("Ranking", book.sheetnames)
        ranking = self._rows(book["Ranking"])
        self.assertEqual([row["Store"] for row in ranking], [self.store_a.display_name])
        self._assert_absent(book, self.store_b)
