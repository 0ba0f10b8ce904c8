from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, JsonRpcException, new_test_user, tagged

from odoo.addons.sale.tests.common import TestSaleCommon

from .common import MultistoreCommon


class ProductCodeMixin:
    """Helpers for databases that must start without shared references."""

    @contextmanager
    def _refused(self, exception, pattern):
        """``assertRaisesRegex`` that also rolls back what was written (only
        Odoo's ``assertRaises`` uses a savepoint)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    @classmethod
    def _clear_shared_codes(cls, env):
        """Give the products that already share a reference none (data of other
        modules in the test database), so each test starts from a clean chain."""
        Product = env["product.product"]
        clashes = Product._multistore_duplicate_codes(env["res.company"].search([]))
        for products in clashes.values():
            products.write({"default_code": False})

    @classmethod
    def _product(cls, env, name, code, **vals):
        return env["product.product"].create(
            {"name": name, "default_code": code, **vals}
        )


@tagged("post_install", "-at_install")
class TestProductCode(ProductCodeMixin, MultistoreCommon):
    """Unique internal references: a chain setting, off until chosen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._clear_shared_codes(cls.env)
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Chain"})
        cls.desk = cls._product(cls.env, "Desk", "MS-DESK")

    def _turn_on(self, companies=None):
        (companies or self.company).multistore_unique_product_code = True

    def test_off_by_default_and_shared_codes_allowed(self):
        self.assertFalse(self.company.multistore_unique_product_code)
        self.assertFalse(self.other_company.multistore_unique_product_code)
        twin = self._product(self.env, "Desk (twin)", "MS-DESK")
        chair = self._product(self.env, "Chair", "MS-CHAIR")
        chair.default_code = "MS-DESK"
        self.assertEqual((twin | chair).mapped("default_code"), ["MS-DESK"] * 2)

    def test_on_refuses_create_and_write(self):
        self._turn_on()
        with self._refused(ValidationError, "MS-DESK.*Desk"):
            self._product(self.env, "Desk (twin)", "MS-DESK")
        chair = self._product(self.env, "Chair", "MS-CHAIR")
        with self._refused(ValidationError, "give Chair another"):
            chair.default_code = "MS-DESK"
        with self.assertRaises(ValidationError):
            chair.product_tmpl_id.default_code = "MS-DESK"
        chair.invalidate_recordset()
        self.assertEqual(chair.default_code, "MS-CHAIR")

    def test_on_counts_archived_products(self):
        self.desk.active = False
        self._turn_on()
        with self._refused(ValidationError, "MS-DESK"):
            self._product(self.env, "Desk (new)", "MS-DESK")

    def test_on_per_company(self):
        """A product of another company is not sold by this one; a product
        without company is sold by every company."""
        self.desk.company_id = self.company
        self._turn_on()
        other = self._product(
            self.env, "Desk elsewhere", "MS-DESK", company_id=self.other_company.id
        )
        self.assertEqual(other.default_code, "MS-DESK")
        with self._refused(ValidationError, "MS-DESK"):
            self._product(self.env, "Shared desk", "MS-DESK", company_id=False)

    def test_turning_on_with_duplicates_names_them(self):
        twin = self._product(self.env, "Desk (twin)", "MS-DESK")
        with self.assertRaises(ValidationError) as caught:
            self._turn_on()
        message = str(caught.exception)
        self.assertIn("MS-DESK", message)
        self.assertIn(twin.display_name, message)
        self.assertIn(self.desk.display_name, message)
        self.assertIn("Give each product its own internal reference", message)
        twin.default_code = "MS-DESK-2"
        self._turn_on()
        self.assertTrue(self.company.multistore_unique_product_code)

    def test_upgrade_keeps_unique_references_where_clean(self):
        """A database of 18.0.1.0.0 refused shared references: the upgrade
        keeps that where no product shares one."""
        self._product(
            self.env, "Desk elsewhere", "MS-DESK", company_id=self.other_company.id
        )
        self._product(
            self.env, "Chair elsewhere", "MS-CH", company_id=self.other_company.id
        )
        self._product(self.env, "Chair copy", "MS-CH", company_id=self.other_company.id)
        companies = self.company | self.other_company
        blocked = companies._multistore_keep_unique_product_code()
        self.assertEqual(blocked, self.other_company)
        self.assertTrue(self.company.multistore_unique_product_code)
        self.assertFalse(self.other_company.multistore_unique_product_code)

    def test_settings(self):
        self._product(self.env, "Desk (twin)", "MS-DESK")
        Settings = self.env["res.config.settings"]
        with self._refused(ValidationError, "MS-DESK"):
            Settings.create({"multistore_unique_product_code": True}).execute()
        self.company.invalidate_recordset()
        self.assertFalse(self.company.multistore_unique_product_code)
        action = Settings.create({}).action_multistore_duplicate_codes()
        listed = self.env["product.product"].search(action["domain"])
        self.assertEqual(listed.mapped("default_code"), ["MS-DESK"] * 2)
        listed[1:].default_code = "MS-DESK-2"
        with Form(self.env["res.config.settings"]) as form:
            form.multistore_unique_product_code = True
        self.assertTrue(self.company.multistore_unique_product_code)

    def test_setup_wizard_new_chain_turns_it_on(self):
        wizard = self.env["multistore.setup.wizard"].create({})
        self.assertTrue(wizard.unique_product_code, "on by default for a new chain")
        self.assertFalse(wizard.duplicate_product_ids)
        wizard.action_run()
        self.assertTrue(self.company.multistore_unique_product_code)
        self.assertIn("Internal references: unique in the chain", wizard.result)

    def test_setup_wizard_lists_duplicates_and_refuses(self):
        twin = self._product(self.env, "Desk (twin)", "MS-DESK")
        wizard = self.env["multistore.setup.wizard"].create({})
        self.assertFalse(wizard.unique_product_code, "off while references clash")
        self.assertEqual(wizard.duplicate_product_ids, self.desk | twin)
        wizard.unique_product_code = True
        with self._refused(UserError, "MS-DESK.*Desk \\(twin\\)"):
            wizard.action_run()
        self.assertFalse(self.company.multistore_unique_product_code)
        # Left unticked, the stores are set up and references stay as they are.
        wizard.unique_product_code = False
        wizard.action_run()
        self.assertFalse(self.company.multistore_unique_product_code)
        twin.default_code = "MS-DESK-2"
        wizard = self.env["multistore.setup.wizard"].create({})
        self.assertTrue(wizard.unique_product_code)
        wizard.action_run()
        self.assertTrue(self.company.multistore_unique_product_code)

    def test_setup_wizard_as_chain_manager(self):
        """A chain manager turns it on without the right to edit companies."""
        wizard = (
            self.env["multistore.setup.wizard"].with_user(self.chain_manager).create({})
        )
        wizard.action_run()
        self.assertTrue(self.company.multistore_unique_product_code)


@tagged("post_install", "-at_install")
class TestProductCodeOverRpc(ProductCodeMixin, HttpCase):
    """A store user who may create products is refused over JSON-RPC too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._clear_shared_codes(cls.env)
        warehouse = cls.env["stock.warehouse"].create(
            {"name": "RPC Store", "code": "RPCS"}
        )
        store = cls.env["multistore.store"].create(
            {"name": "RPC Store", "code": "RPC", "warehouse_id": warehouse.id}
        )
        # A store manager who also runs the product catalogue (Inventory admin).
        cls.user = new_test_user(
            cls.env,
            login="ms_code_rpc",
            groups="multistore_base.group_store_manager,stock.group_stock_manager",
            store_ids=[Command.set(store.ids)],
            store_id=store.id,
        )
        cls._product(cls.env, "Desk", "MS-RPC-DESK")

    def _create_over_rpc(self, code):
        self.authenticate("ms_code_rpc", "ms_code_rpc")
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/product.product/create",
            {
                "model": "product.product",
                "method": "create",
                "args": [{"name": "Desk (twin)", "default_code": code}],
                "kwargs": {},
            },
        )

    def test_rpc_allowed_when_off_refused_when_on(self):
        self.assertTrue(self._create_over_rpc("MS-RPC-DESK"), "off: Odoo allows it")
        self.env["product.product"].search(
            [("default_code", "=", "MS-RPC-DESK"), ("name", "=", "Desk (twin)")]
        ).default_code = False
        self.env.company.multistore_unique_product_code = True
        with self._refused(JsonRpcException, "ValidationError"):
            self._create_over_rpc("MS-RPC-DESK")
        self.assertEqual(
            self.env["product.product"].search_count(
                [("default_code", "=", "MS-RPC-DESK")]
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestSaleSuiteStarts(TestSaleCommon):
    """Odoo's sale (and sale_stock) test fixture gives two products of each
    company the same reference: it must set up with Multistore installed."""

    def test_shared_references_of_odoo_fixture(self):
        self.assertFalse(self.env.company.multistore_unique_product_code)
        furniture = self.env["product.product"].search(
            [("default_code", "=", "FURN_9999")]
        )
        self.assertGreater(len(furniture), 1)
