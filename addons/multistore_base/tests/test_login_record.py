from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestLoginRecord(MultistoreCommon):
    """Login records: Odoo's device log per user and store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_b = cls._create_user("ms_staff_b", "group_store_user", cls.store_b)
        cls.staff_ab = cls._create_user("ms_staff_ab", "group_store_user", cls.store_a)
        cls.staff_ab.store_ids = [Command.link(cls.store_b.id)]
        cls.Record = cls.env["multistore.login.record"]

    def _login(self, user, ip="10.0.0.1", session="s" * 42):
        # What res.device.log._update_device inserts when a user authenticates.
        return (
            self.env["res.device.log"]
            .sudo()
            .create(
                {
                    "session_identifier": f"{session}{user.id}"[:42],
                    "platform": "linux",
                    "browser": "chrome",
                    "ip_address": ip,
                    "device_type": "computer",
                    "user_id": user.id,
                    "first_activity": datetime(2025, 3, 1, 8, 0),
                    "last_activity": datetime(2025, 3, 1, 9, 0),
                    "revoked": False,
                }
            )
        )

    def _records(self, users, as_user=None):
        Record = self.Record.with_user(as_user) if as_user else self.Record
        return Record.search([("user_id", "in", users.ids)])

    def test_login_shows_for_users_store(self):
        self._login(self.staff_a, ip="10.0.0.7")
        record = self._records(self.staff_a)
        self.assertEqual(len(record), 1)
        self.assertEqual(record.store_id, self.store_a)
        self.assertEqual(record.ip_address, "10.0.0.7")
        self.assertEqual(record.login_date, datetime(2025, 3, 1, 8, 0))
        self.assertEqual(record.last_activity, datetime(2025, 3, 1, 9, 0))
        self.assertEqual((record.browser, record.platform), ("chrome", "linux"))

    def test_one_login_per_session_and_store(self):
        log = self._login(self.staff_ab)
        # Odoo adds a row when the session is still active an hour later.
        later = log.copy({"last_activity": datetime(2025, 3, 1, 11, 0)})
        records = self._records(self.staff_ab)
        self.assertEqual(records.store_id, self.store_a | self.store_b)
        self.assertEqual(len(records), 2)
        self.assertEqual(set(records.mapped("last_activity")), {later.last_activity})

    def test_store_manager_sees_own_stores_only(self):
        self._login(self.staff_a)
        self._login(self.staff_b)
        self._login(self.staff_ab)
        users = self.staff_a | self.staff_b | self.staff_ab
        seen = self._records(users, as_user=self.manager_a)
        self.assertEqual(seen.user_id, self.staff_a | self.staff_ab)
        self.assertEqual(seen.store_id, self.store_a)
        record_b = self._records(self.staff_b)
        with self.assertRaises(AccessError):
            record_b.with_user(self.manager_a).read(["ip_address"])
        groups = self.Record.with_user(self.manager_a).read_group(
            [("user_id", "in", users.ids)], ["user_id"], ["store_id"]
        )
        self.assertEqual([group["store_id"][0] for group in groups], self.store_a.ids)
        chain = self._records(users, as_user=self.chain_manager)
        self.assertEqual(len(chain), 4)

    def test_staff_cannot_read_login_records(self):
        self._login(self.staff_a)
        with self.assertRaises(AccessError):
            self.Record.with_user(self.staff_a).search([])
