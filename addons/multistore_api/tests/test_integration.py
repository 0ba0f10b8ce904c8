from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ApiCommon


@tagged("post_install", "-at_install")
class TestIntegration(ApiCommon):
    def test_technical_user_limited_to_the_stores(self):
        user = self.integration_a.user_id
        self.assertTrue(user.has_group("multistore_base.group_store_user"))
        self.assertFalse(user.has_group("multistore_base.group_chain_manager"))
        self.assertEqual(user.store_ids, self.store_a)
        self.assertEqual(self.integration_a.auth_api_key_id.user_id, user)
        self.assertEqual(self.integration_a.api_key, self.KEY_A)
        self.integration_a.store_ids = [Command.set((self.store_a | self.store_b).ids)]
        self.assertEqual(user.store_ids, self.store_a | self.store_b)
        self.integration_a.store_ids = [Command.set(self.store_b.ids)]
        self.assertEqual(user.store_ids, self.store_b)
        self.assertEqual(user.store_id, self.store_b)

    def test_archive_disables_key(self):
        self.integration_a.active = False
        self.assertFalse(self.integration_a.user_id.active)
        self.assertFalse(self.Integration._from_key(self.KEY_A))
        self.assertEqual(self.Integration._from_key(self.KEY_RO), self.integration_ro)

    def test_generate_key(self):
        self.integration_a.with_user(self.chain_manager).action_generate_key()
        new_key = self.integration_a.api_key
        self.assertNotEqual(new_key, self.KEY_A)
        self.assertGreaterEqual(len(new_key), 32)
        self.assertFalse(self.Integration._from_key(self.KEY_A))
        self.assertEqual(self.Integration._from_key(new_key), self.integration_a)

    def test_short_key_refused(self):
        with self.assertRaises(ValidationError):
            self.integration_a.api_key = "short"

    def test_store_roles_cannot_read_integrations_or_keys(self):
        for user in (self.staff_a, self.manager_a):
            for model in (
                "multistore.api.integration",
                "multistore.api.call",
                "multistore.api.rate",
                "auth.api.key",
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.env[model].with_user(user).search([])
        # The chain manager reads them, key included.
        integration = self.integration_a.with_user(self.chain_manager)
        self.assertEqual(integration.api_key, self.KEY_A)
        with self.assertRaises(AccessError):
            self.integration_a.with_user(self.manager_a).action_generate_key()

    def test_imported_order_fields_are_workflow_fields(self):
        order = self._create_sale_order(self.store_a)
        with self.assertRaises(UserError):
            order.with_user(self.staff_a).write({"api_external_id": "X"})
