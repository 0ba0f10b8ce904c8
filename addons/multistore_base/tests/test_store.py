import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestStore(MultistoreCommon):
    def test_derived_store_ids(self):
        """store_id follows what Odoo already knows: warehouse, till, type."""
        self.assertEqual(self.warehouse_a.store_id, self.store_a)
        config = self._create_pos_config(self.store_b)
        self.assertEqual(config.warehouse_id, self.warehouse_b)
        self.assertEqual(config.picking_type_id, self.warehouse_b.pos_type_id)
        self.assertEqual(config.store_id, self.store_b)
        session = self.env["pos.session"].create({"config_id": config.id})
        self.assertEqual(session.store_id, self.store_b)
        self.assertEqual(self._create_pos_order(session).store_id, self.store_b)
        self.assertEqual(self._create_picking(self.warehouse_b).store_id, self.store_b)
        self.assertEqual(self.store_b.pos_config_ids, config)
        self.assertEqual(self.store_b.pos_config_count, 1)

    def test_store_order_ships_from_the_store_warehouse(self):
        """A store's quotation takes the store's warehouse without Odoo's
        default warehouse lookup; an order of a store without warehouse (an
        online store) keeps Odoo's default."""
        Users = type(self.env["res.users"])
        lookups = []
        default_warehouse = Users._get_default_warehouse_id

        def counting_default(user):
            lookups.append(user)
            return default_warehouse(user)

        self.patch(Users, "_get_default_warehouse_id", counting_default)
        orders = self.env["sale.order"].create(
            [
                {"partner_id": self.customer.id, "store_id": store.id}
                for store in (self.store_a, self.store_b)
            ]
        )
        self.assertEqual(
            orders.mapped("warehouse_id"), self.warehouse_a | self.warehouse_b
        )
        self.assertEqual(lookups, [])
        online = self.Store.create(
            {"name": "Online", "code": "ONL", "store_type": "online"}
        )
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "store_id": online.id}
        )
        self.assertEqual(len(lookups), 1)
        self.assertEqual(order.warehouse_id, default_warehouse(self.env.user))

    def test_current_store_must_be_allowed(self):
        with (
            self.assertRaisesRegex(ValidationError, "not among the allowed stores"),
            self.env.cr.savepoint(),
        ):
            self.staff_a.store_id = self.store_b
        self.env.invalidate_all(flush=False)
        self.assertEqual(self.staff_a.store_id, self.store_a, "nothing written")

    def test_user_switches_own_current_store(self):
        self.staff_a.store_ids = [Command.link(self.store_b.id)]
        self.staff_a.with_user(self.staff_a).write({"store_id": self.store_b.id})
        self.assertEqual(self.staff_a.store_id, self.store_b)
        with self.assertRaises(AccessError):
            self.staff_a.with_user(self.staff_a).write(
                {"store_ids": [Command.link(self.store_b.id)]}
            )

    def test_duplicate_code(self):
        warehouse = self._create_warehouse("Store C", "MSC")
        with (
            self.assertRaisesRegex(ValidationError, "choose another code"),
            self.env.cr.savepoint(),
        ):
            self.Store.create({"name": "C", "code": "a ", "warehouse_id": warehouse.id})
        self.assertFalse(self.Store.search([("name", "=", "C")]))
        # The database constraint stays as the last line of defence.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(psycopg2.IntegrityError, "code_company_uniq"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "INSERT INTO multistore_store (name, code, company_id, store_type, "
                "active) VALUES ('C', 'A', %s, 'online', true)",
                [self.env.company.id],
            )

    def test_duplicate_code_message(self):
        """The constraint message tells the user what to do."""
        constraints = {
            name: message for name, _sql, message in self.Store._sql_constraints
        }
        self.assertIn("choose another code", constraints["code_company_uniq"])

    def test_retail_store_needs_warehouse(self):
        with (
            self.assertRaisesRegex(ValidationError, "needs a warehouse"),
            self.env.cr.savepoint(),
        ):
            self.Store.create(
                {"name": "No stock", "code": "NS", "store_type": "retail"}
            )
        self.env.invalidate_all(flush=False)
        self.assertFalse(self.Store.search([("code", "=", "NS")]))
        online = self.Store.create(
            {"name": "Web shop", "code": "WEB", "store_type": "online"}
        )
        self.assertFalse(online.warehouse_id)

    def test_warehouse_belongs_to_one_store(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(psycopg2.IntegrityError, "warehouse_uniq"),
            self.env.cr.savepoint(),
        ):
            self.Store.create(
                {"name": "Twin", "code": "TW", "warehouse_id": self.warehouse_a.id}
            )

    def test_duplicate_barcode(self):
        self.product.barcode = "6900000000017"
        with (
            self.assertRaisesRegex(ValidationError, "Green Tea"),
            self.env.cr.savepoint(),
        ):
            self.env["product.product"].create(
                {"name": "Black Tea", "barcode": "6900000000017"}
            )
        self.assertFalse(
            self.env["product.product"].search([("name", "=", "Black Tea")])
        )

    def test_duplicate_internal_reference(self):
        """With the chain setting on (test_product_code covers it off)."""
        self.env.company.multistore_unique_product_code = True
        self.product.default_code = "TEA-1"
        with (
            self.assertRaisesRegex(ValidationError, r"TEA-1.*Green Tea"),
            self.env.cr.savepoint(),
        ):
            self.env["product.product"].create(
                {"name": "Oolong", "default_code": "TEA-1"}
            )
        self.assertFalse(self.env["product.product"].search([("name", "=", "Oolong")]))

    def test_store_manager_edits_own_store_only(self):
        self.store_a.with_user(self.manager_a).write({"name": "Store A renamed"})
        self.assertEqual(self.store_a.name, "Store A renamed")
        with self.assertRaises(AccessError):
            self.store_b.with_user(self.manager_a).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.store_a.with_user(self.staff_a).write({"name": "Staff edit"})

    def test_store_names_are_chain_wide(self):
        """Staff read every store (names, addresses) to point customers there."""
        stores = self.Store.with_user(self.staff_a).search([])
        self.assertIn(self.store_b, stores)
        self.assertEqual(self.store_b.with_user(self.staff_a).name, "Store B")
