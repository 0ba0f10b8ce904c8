from types import SimpleNamespace
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

DISPATCHER = "odoo.addons.multistore_base.models.multistore_store_demo.importlib"


@tagged("post_install", "-at_install")
class TestDemoDispatcher(TransactionCase):
    """Demo XML runs ``demo/demo_data.py:generate(env)`` of a Multistore
    addon through ``multistore.store._multistore_demo_generate``."""

    def test_runs_generate_of_an_installed_multistore_addon(self):
        calls = []
        module = SimpleNamespace(generate=lambda env: calls.append(env) or "made")
        Store = self.env["multistore.store"]
        with patch(DISPATCHER) as importlib:
            importlib.import_module.return_value = module
            result = Store._multistore_demo_generate("multistore_inventory")
        importlib.import_module.assert_called_once_with(
            "odoo.addons.multistore_inventory.demo.demo_data"
        )
        self.assertEqual((result, calls), ("made", [Store.env]))

    def test_refuses_other_addons(self):
        Store = self.env["multistore.store"]
        with patch(DISPATCHER) as importlib:
            for addon in ("sale", "multistore_base.models", "../x", 42, ""):
                with self.assertRaisesRegex(UserError, "Multistore addon"):
                    Store._multistore_demo_generate(addon)
            with self.assertRaisesRegex(UserError, "install multistore_nothing"):
                Store._multistore_demo_generate("multistore_nothing")
        importlib.import_module.assert_not_called()

    def test_demo_generators_are_not_models(self):
        """The demo generators of base and inventory are plain functions."""
        for model in ("multistore.demo", "multistore.inventory.demo"):
            self.assertNotIn(model, self.env.registry)
        from odoo.addons.multistore_base.demo import demo_data as base_demo

        from ..demo import demo_data

        self.assertTrue(callable(base_demo.generate))
        self.assertTrue(callable(demo_data.generate))
