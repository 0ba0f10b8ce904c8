from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestAccessAudit(MultistoreCommon):
    def _entries(self, user, kind):
        return self.env["multistore.access.log"].search(
            [("user_id", "=", user.id), ("kind", "=", kind)], order="id"
        )

    def test_store_assignment_logged(self):
        before = self._entries(self.staff_a, "stores")
        # A chain manager staffs a store from its form, without admin rights.
        self.store_b.with_user(self.chain_manager).write(
            {"user_ids": [Command.link(self.staff_a.id)]}
        )
        entry = self._entries(self.staff_a, "stores") - before
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.author_id, self.chain_manager)
        self.assertEqual(entry.value_before, "[A] Store A")
        self.assertEqual(entry.value_after, "[A] Store A, [B] Store B")
        self.assertTrue(entry.date)

    def test_current_store_and_group_logged(self):
        self.staff_a.store_ids = [Command.link(self.store_b.id)]
        self.staff_a.with_user(self.staff_a).store_id = self.store_b
        entry = self._entries(self.staff_a, "current_store")[-1]
        self.assertEqual(
            (entry.value_before, entry.value_after, entry.author_id),
            ("[A] Store A", "[B] Store B", self.staff_a),
        )
        self.env.ref("multistore_base.group_store_manager").write(
            {"users": [Command.link(self.staff_a.id)]}
        )
        entry = self._entries(self.staff_a, "groups")[-1]
        self.assertNotIn("Store manager", entry.value_before)
        self.assertIn("Store manager", entry.value_after)

    def test_unrelated_write_not_logged(self):
        count = self.env["multistore.access.log"].search_count([])
        self.staff_a.write({"signature": "<p>Hi</p>"})
        self.assertEqual(self.env["multistore.access.log"].search_count([]), count)

    def test_audit_visible_to_chain_managers_only(self):
        Log = self.env["multistore.access.log"]
        self.assertTrue(Log.with_user(self.chain_manager).search([]))
        with self.assertRaises(Exception):  # noqa: B017 - AccessError from ACL
            Log.with_user(self.manager_a).search([])

    def test_temporary_grant_applied_and_revoked(self):
        start = fields.Datetime.now() + timedelta(hours=1)
        grant = self.env["multistore.access.grant"].create(
            {
                "user_id": self.staff_a.id,
                "store_id": self.store_b.id,
                "date_from": start,
                "date_to": start + timedelta(days=2),
            }
        )
        Grant = self.env["multistore.access.grant"]
        Grant._cron_apply_grants()
        self.assertEqual(grant.state, "scheduled")
        self.assertNotIn(self.store_b, self.staff_a.store_ids)
        with freeze_time(start + timedelta(minutes=5)):
            Grant._cron_apply_grants()
            self.assertEqual(grant.state, "active")
            self.assertIn(self.store_b, self.staff_a.store_ids)
        with freeze_time(start + timedelta(days=2, minutes=1)):
            Grant._cron_apply_grants()
        self.assertEqual(grant.state, "expired")
        self.assertNotIn(self.store_b, self.staff_a.store_ids)
        self.assertIn(self.store_a, self.staff_a.store_ids, "permanent store kept")
        entries = self._entries(self.staff_a, "stores")[-2:]
        self.assertEqual(entries[0].value_after, "[A] Store A, [B] Store B")
        self.assertIn("Temporary access from", entries[0].reason)
        self.assertEqual(entries[1].value_after, "[A] Store A")
        self.assertIn("Temporary access ended", entries[1].reason)

    def test_grant_on_store_already_allowed_keeps_it(self):
        now = fields.Datetime.now()
        grant = self.env["multistore.access.grant"].create(
            {
                "user_id": self.staff_a.id,
                "store_id": self.store_a.id,
                "date_from": now - timedelta(hours=1),
                "date_to": now + timedelta(hours=1),
            }
        )
        grant._cron_apply_grants()
        self.assertEqual(grant.state, "active")
        grant.action_cancel()
        self.assertEqual(grant.state, "cancel")
        self.assertIn(self.store_a, self.staff_a.store_ids)

    def test_grant_dates_checked(self):
        now = fields.Datetime.now()
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self.env["multistore.access.grant"].create(
                {
                    "user_id": self.staff_a.id,
                    "store_id": self.store_b.id,
                    "date_from": now,
                    "date_to": now - timedelta(days=1),
                }
            )
