from odoo.tests import tagged

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestSetupWizard(MultistoreCommon):
    """An existing database: warehouses, tills and documents without stores."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.legacy_wh = cls._create_warehouse("Legacy Shop", "LEG")
        cls.team = cls.env["crm.team"].create({"name": "Legacy team"})
        cls.legacy_config = cls.env["pos.config"].create(
            {"name": "Legacy till", "warehouse_id": cls.legacy_wh.id}
        )
        cls.legacy_session = cls.env["pos.session"].create(
            {"config_id": cls.legacy_config.id}
        )
        cls.legacy_pos_order = cls._create_pos_order(cls.legacy_session)
        cls.legacy_sale = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "warehouse_id": cls.legacy_wh.id,
                "team_id": cls.team.id,
                "store_id": False,
                "order_line": [(0, 0, {"product_id": cls.product.id})],
            }
        )
        cls.legacy_picking = cls._create_picking(cls.legacy_wh)

    def test_wizard_creates_stores_and_backfills(self):
        docs = (
            self.legacy_config,
            self.legacy_session,
            self.legacy_pos_order,
            self.legacy_pos_order.lines,
            self.legacy_sale,
            self.legacy_sale.order_line,
            self.legacy_picking,
        )
        for doc in docs:
            self.assertFalse(doc.store_id, f"{doc} starts without store")
        wizard = self.env["multistore.setup.wizard"].create({"batch_size": 1})
        self.assertIn(self.legacy_wh, wizard.warehouse_ids)
        self.assertNotIn(self.warehouse_a, wizard.warehouse_ids, "already a store")
        wizard.action_run()
        store = self.legacy_wh.store_id
        self.assertTrue(store)
        self.assertEqual((store.name, store.code), ("Legacy Shop", "LEG"))
        self.assertEqual(store.crm_team_id, self.team)
        self.assertEqual(store.pos_config_ids, self.legacy_config)
        for doc in docs:
            self.assertEqual(doc.store_id, store, f"{doc} back-filled")
        self.assertIn(f"Stores created: {len(wizard.warehouse_ids)}\n", wizard.result)
        self.assertIn("pos_order: 1 documents", wizard.result)

    def test_wizard_twice_changes_nothing(self):
        self.env["multistore.setup.wizard"].create({}).action_run()
        stores = self.Store.search([])
        again = self.env["multistore.setup.wizard"].create({})
        self.assertFalse(again.warehouse_ids)
        counts = again._backfill_store_ids(1000)
        self.assertEqual(set(counts.values()), {0})
        again.action_run()
        self.assertEqual(self.Store.search([]), stores)
