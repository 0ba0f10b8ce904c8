from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TaobaoCommon


@tagged("post_install", "-at_install")
class TestAccess(TaobaoCommon):
    def test_store_roles_cannot_read_the_connector(self):
        self.fake.add_trade(8001, [("TM-UNKNOWN", 1, "5.00")])
        self.pull()
        item = self.Item.search([("shop_id", "=", self.shop.id)])
        self.assertTrue(item)
        mapping = self.env["multistore.connector.taobao.product"].create(
            {"shop_id": self.shop.id, "product_id": self.product.id, "num_iid": "1"}
        )
        for user in (self.staff_a, self.manager_a):
            for records in (self.shop, mapping, item):
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["display_name"])
            with self.assertRaises(AccessError):
                self.Shop.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.shop.with_user(user).action_pull_orders()
            with self.assertRaises(AccessError):
                self.shop.with_user(user).write({"gateway_url": "http://evil.test/"})

    def test_secrets_are_never_read_back(self):
        shop = self.shop.with_user(self.chain_manager)
        self.assertTrue(shop.has_app_secret)
        self.assertTrue(shop.has_session_key)
        values = shop.read(["app_secret_input", "session_key_input"])[0]
        self.assertFalse(values["app_secret_input"])
        self.assertFalse(values["session_key_input"])
        for field in ("app_secret", "session_key"):
            with self.assertRaises(AccessError):
                shop.read([field])
        self.assertNotIn("app_secret", shop.fields_get())
        # A chain manager replaces a secret without reading it.
        shop.app_secret_input = "new-secret"
        self.assertEqual(self.shop.sudo().app_secret, "new-secret")

    def test_chain_manager_pulls_and_sees_the_failures(self):
        self.fake.add_trade(8101, [("TEA-T1", 1, "10.00")])
        self.fake.add_trade(8102, [("TM-UNKNOWN", 1, "5.00")])
        action = self.shop.with_user(self.chain_manager).action_pull_orders()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertEqual(len(self.orders()), 1)
        failed = self.Item.with_user(self.chain_manager).search(
            [("shop_id", "=", self.shop.id), ("state", "=", "failed")]
        )
        self.assertEqual(failed.tid, "8102")
        # Pull items are read-only bookkeeping.
        with self.assertRaises(AccessError):
            failed.write({"state": "done"})

    def test_store_a_cannot_see_store_b_records(self):
        integration_b = self.Integration.create(
            {
                "name": "Tmall B",
                "store_ids": [Command.set(self.store_b.ids)],
                "scope_ids": [Command.set(self.scope_import.ids)],
            }
        )
        shop_b = self.Shop.create(
            {
                "name": "Tmall B",
                "integration_id": integration_b.id,
                "store_id": self.store_b.id,
                "gateway_url": self.fake.url,
                "app_key": self.fake.app_key,
                "app_secret_input": self.fake.secret,
                "session_key_input": self.fake.session,
            }
        )
        self.fake.add_trade(8201, [("TM-UNKNOWN", 1, "5.00")])
        self.pull(shop=shop_b)
        item_b = self.Item.search([("shop_id", "=", shop_b.id)])
        self.assertEqual(item_b.store_id, self.store_b)
        for user in (self.staff_a, self.manager_a):
            Item = self.Item.with_user(user)
            with self.assertRaises(AccessError):
                item_b.with_user(user).read(["tid"])
            with self.assertRaises(AccessError):
                item_b.with_user(user).write({"error": "x"})
            with self.assertRaises(AccessError):
                Item.read_group([], ["state"], ["store_id"])
        # The store rule itself: a store-restricted user's stores only.
        domain = (
            self.env["ir.rule"]
            .with_user(self.staff_a)
            ._compute_domain(self.Item._name, "read")
        )
        self.assertIn("store_id", str(domain))
        self.assertIn(str(self.store_a.id), str(domain))
        self.assertNotIn(
            "store_id",
            str(
                self.env["ir.rule"]
                .with_user(self.chain_manager)
                ._compute_domain(self.Item._name, "read")
            ),
        )
