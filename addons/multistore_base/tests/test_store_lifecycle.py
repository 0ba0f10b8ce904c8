from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestStoreLifecycle(MultistoreCommon):
    """A store with documents is archived, never deleted; an open till
    session keeps it open; its code is normalised and unique."""

    _warehouse_count = 0

    def _new_store(self, code="C", **vals):
        TestStoreLifecycle._warehouse_count += 1
        number = self._warehouse_count
        warehouse = self._create_warehouse(f"Lifecycle {number}", f"LC{number}")
        return self.Store.create(
            {
                "name": f"Store {number}",
                "code": code,
                "warehouse_id": warehouse.id,
                **vals,
            }
        )

    # ------------------------------------------------------------------
    # Delete and archive
    # ------------------------------------------------------------------
    def test_delete_store_with_orders_refused(self):
        store = self._new_store()
        order = self._create_sale_order(store)
        Store = self.Store.with_user(self.chain_manager)
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            Store.browse(store.id).unlink()
        self.assertTrue(store.exists())
        self.assertEqual(order.store_id, store)

    def test_delete_store_with_till_refused(self):
        store = self._new_store()
        self._create_pos_config(store)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            store.with_user(self.chain_manager).unlink()
        self.assertTrue(store.exists())

    def test_delete_store_with_open_session_refused(self):
        store = self._new_store()
        config = self._create_pos_config(store)
        session = self.env["pos.session"].create({"config_id": config.id})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            store.with_user(self.chain_manager).unlink()
        self.assertEqual(session.store_id, store)

    def test_delete_empty_store(self):
        store = self._new_store()
        store.with_user(self.chain_manager).unlink()
        self.assertFalse(store.exists())

    def test_archive_with_open_session_refused(self):
        store = self._new_store()
        config = self._create_pos_config(store)
        session = self.env["pos.session"].create({"config_id": config.id})
        with self.assertRaisesRegex(UserError, "close it before archiving"):
            store.with_user(self.chain_manager).action_archive()
        self.assertTrue(store.active)
        session.action_pos_session_closing_control()
        self.assertEqual(session.state, "closed")
        store.with_user(self.chain_manager).action_archive()
        self.assertFalse(store.active)

    def test_archive_closed_store(self):
        store = self._new_store()
        self._create_sale_order(store)
        store.with_user(self.chain_manager).action_archive()
        self.assertFalse(store.active)

    # ------------------------------------------------------------------
    # Who changes what
    # ------------------------------------------------------------------
    def test_manager_cannot_rewire_own_store(self):
        """A store manager edits the store's details, not how it is wired
        into the chain (stock, price list, code, existence)."""
        other_warehouse = self._create_warehouse("Spare", "SPR")
        pricelist = self.env["product.pricelist"].create({"name": "Cheap"})
        store = self.store_a.with_user(self.manager_a)
        for vals in (
            {"warehouse_id": other_warehouse.id},
            {"pricelist_id": pricelist.id},
            {"code": "Z"},
            {"active": False},
            {"company_id": self.env.company.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                store.write(vals)
        self.assertEqual(self.store_a.warehouse_id, self.warehouse_a)
        self.assertEqual(self.store_a.code, "A")
        store.write({"name": "Store A (Nanjing Road)", "sequence": 5})
        self.assertEqual(self.store_a.sequence, 5)

    def test_switch_store_own_only(self):
        staff = self.staff_a.with_user(self.staff_a)
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            staff.action_switch_store(self.store_b.id)
        self.assertEqual(self.staff_a.store_id, self.store_a)
        with self.assertRaises(ValidationError):
            staff.action_switch_store("1 OR 1=1")
        with self.assertRaisesRegex(AccessError, "only your own"):
            self.manager_a.with_user(self.staff_a).action_switch_store(self.store_a.id)
        self.staff_a.store_ids = [Command.link(self.store_b.id)]
        staff.action_switch_store(self.store_b.id)
        self.assertEqual(self.staff_a.store_id, self.store_b)

    def test_setup_wizard_chain_manager_only(self):
        wizard = self.env["multistore.setup.wizard"].create({})
        for user in (self.staff_a, self.manager_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                wizard.with_user(user).action_run()
        self.assertFalse(wizard.result)

    def test_access_grant_workflow(self):
        grant = self.env["multistore.access.grant"].create(
            {
                "user_id": self.staff_a.id,
                "store_id": self.store_a.id,
                "date_to": fields.Datetime.add(fields.Datetime.now(), days=1),
            }
        )
        with self.assertRaises(AccessError):
            grant.with_user(self.manager_a).action_cancel()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            grant.with_user(self.chain_manager).write({"state": "active"})
        self.assertEqual(grant.state, "scheduled")
        grant.with_user(self.chain_manager).action_cancel()
        self.assertEqual(grant.state, "cancel")

    # ------------------------------------------------------------------
    # Store codes and names
    # ------------------------------------------------------------------
    def test_code_normalised(self):
        store = self._new_store(code=" sh 01 ")
        self.assertEqual(store.code, "SH01")
        store.code = "sh02\t"
        self.assertEqual(store.code, "SH02")

    def test_code_unique_regardless_of_case_and_spaces(self):
        self._new_store(code="SH01")
        for code in ("sh01", " SH 01", "Sh01 "):
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(ValidationError, "choose another code"),
            ):
                self._new_store(code=code)
        self.assertEqual(self.Store.search_count([("code", "=", "SH01")]), 1)
        with self.assertRaisesRegex(ValidationError, "choose another code"):
            self.store_b.code = "a"
        self.assertEqual(self.store_b.code, "B")

    def test_code_required_and_short(self):
        for code, message in (
            ("   ", "cannot be empty"),
            ("", "cannot be empty"),
            ("X" * 17, "too long"),
        ):
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self._new_store(code=code)
        with self.assertRaisesRegex(ValidationError, "cannot be empty"):
            self.store_a.code = " "
        self.assertEqual(self.store_a.code, "A")

    def test_long_or_empty_name_refused(self):
        with self.assertRaisesRegex(ValidationError, "too long"):
            self.store_a.with_user(self.manager_a).name = "N" * 20000
        with self.assertRaisesRegex(ValidationError, "cannot be empty"):
            self.store_a.with_user(self.manager_a).name = "  "
        self.assertEqual(self.store_a.name, "Store A")
