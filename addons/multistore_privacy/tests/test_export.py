import base64
import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EMAIL, NAME, MultistorePrivacyCommon


@tagged("post_install", "-at_install")
class TestExport(MultistorePrivacyCommon):
    def test_chain_manager_exports_everything(self):
        action = self.member.with_user(
            self.chain_manager
        ).action_multistore_privacy_export()
        request = self.env["multistore.privacy.request"].search(
            [("partner_id", "=", self.member.id), ("request_type", "=", "export")]
        )
        self.assertEqual(request.user_id, self.chain_manager)
        self.assertIn(str(request.attachment_id.id), action["url"])
        data = json.loads(base64.b64decode(request.attachment_id.datas))
        self.assertEqual(data["customer"][0]["name"], NAME)
        self.assertEqual(data["customer"][0]["email"], EMAIL)
        self.assertEqual({c["channel"] for c in data["consents"]}, {"email", "sms"})
        self.assertEqual(data["loyalty_cards"][0]["points"], 120)
        self.assertEqual(len(data["till_orders"]), 1)
        self.assertEqual(
            data["till_orders"][0]["amount_total"], self.order_a.amount_total
        )
        self.assertEqual(len(data["till_order_lines"]), 1)
        self.assertEqual(len(data["sales_orders"]), 1)
        self.assertTrue(data["sales_order_lines"])
        self.assertIn("customer_360", data)
        self.assertIn("messages", data)

    def test_export_refused_to_store_roles(self):
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.member.with_user(user).action_multistore_privacy_export()
            with self.assertRaises(AccessError):
                self.env["multistore.privacy.request"].with_user(user)._export_partner(
                    self.member
                )
            with self.assertRaises(AccessError):
                self.env["multistore.privacy.request"].with_user(user).search([])
        self.assertFalse(
            self.env["multistore.privacy.request"].search(
                [("partner_id", "=", self.member.id)]
            )
        )
