from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnReason(ReturnsCommon):
    """Return reasons: chain master data, read by every store, written by
    chain managers only."""

    def test_store_users_read_the_same_reasons(self):
        """Chain-wide by decision (no store rule): staff of either store see
        every reason."""
        reasons = self.reason_quality | self.reason_size
        for user in (self.staff_a, self.staff_b, self.manager_a):
            found = self.env["multistore.return.reason"].with_user(user).search([])
            self.assertEqual(found & reasons, reasons)
            self.assertEqual(
                self.reason_quality.with_user(user).read(["name"])[0]["name"],
                "Quality",
            )

    def test_store_roles_cannot_create_or_write(self):
        Reason = self.env["multistore.return.reason"]
        count = Reason.search_count([])
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                Reason.with_user(user).create({"name": "Mine", "code": "MINE"})
            with self.assertRaises(AccessError):
                self.reason_quality.with_user(user).write({"name": "Renamed"})
            with self.assertRaises(AccessError):
                self.reason_size.with_user(user).unlink()
        self.assertEqual(Reason.search_count([]), count)
        self.assertEqual(self.reason_quality.name, "Quality")

    def test_chain_manager_manages_reasons(self):
        Reason = self.env["multistore.return.reason"].with_user(self.chain_manager)
        reason = Reason.create({"name": "Late delivery", "code": "T_LATE"})
        reason.write({"name": "Delivered late", "active": False})
        self.assertEqual(reason.name, "Delivered late")
        self.assertFalse(Reason.search([("code", "=", "T_LATE")]))

    def test_code_unique(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
        ):
            self.env["multistore.return.reason"].create(
                {"name": "Again", "code": "T_QUALITY"}
            )
