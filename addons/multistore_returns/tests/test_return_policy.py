from datetime import datetime, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..models.multistore_return_policy import APPROVAL_AMOUNT_PARAM, RETURN_DAYS_PARAM
from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnPolicy(ReturnsCommon):
    """Return windows per category, the chain default, and who sets them."""

    def test_window_per_category(self):
        Policy = self.env["multistore.return.policy"]
        sold = datetime(2025, 3, 1, 10, 0)
        day = sold.date()
        self.assertEqual(
            Policy._return_deadline(self.product, sold, self.customer),
            day + timedelta(days=3),
        )
        self.assertEqual(
            Policy._return_deadline(self.mug, sold, self.customer),
            day + timedelta(days=7),
            "no window on the category: the chain's default",
        )
        self.assertEqual(self.coats.multistore_return_days, 0)
        self.assertEqual(
            Policy._return_deadline(self.coat, sold, self.customer),
            day + timedelta(days=30),
            "Coats inherits the window of Apparel",
        )
        self.assertEqual(self.coats.multistore_return_days_applied, 30)
        # Its own window wins over the parent's.
        self.coats.multistore_return_days = 14
        self.assertEqual(
            Policy._return_deadline(self.coat, sold, self.customer),
            day + timedelta(days=14),
        )
        # The chain's default comes from the settings.
        self._set_param(RETURN_DAYS_PARAM, 10)
        self.assertEqual(
            Policy._return_deadline(self.mug, sold, False), day + timedelta(days=10)
        )

    def test_window_counts_the_store_local_day(self):
        """A sale at 23:30 in Shanghai (15:30 UTC) is on that Shanghai day."""
        if not self.store_a.partner_id:
            self.store_a.partner_id = self.env["res.partner"].create({"name": "A"})
        self.store_a.partner_id.tz = "Asia/Shanghai"
        self.store_b.partner_id.tz = False
        self.store_b.company_id.partner_id.tz = False
        Policy = self.env["multistore.return.policy"]
        sold = datetime(2025, 3, 1, 16, 30)  # 2 March 00:30 in Shanghai
        self.assertEqual(
            Policy._return_deadline(self.product, sold, False, self.store_a),
            datetime(2025, 3, 5).date(),
        )
        self.assertEqual(
            Policy._return_deadline(self.product, sold, False, self.store_b),
            datetime(2025, 3, 4).date(),
        )

    def test_category_window_is_the_chain_managers(self):
        with self.assertRaises(AccessError):
            self.fresh.with_user(self.manager_a).write({"multistore_return_days": 60})
        self.assertEqual(self.fresh.multistore_return_days, 3)
        self.fresh.with_user(self.chain_manager).write({"multistore_return_days": 5})
        self.assertEqual(self.fresh.multistore_return_days, 5)
        with self.assertRaises(ValidationError) as cm:
            self.fresh.write({"multistore_return_days": -1})
        self.assertIn("enter 0 or more days", str(cm.exception))

    def test_settings(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaises(ValidationError) as cm:
            Settings.create({"multistore_return_days": 0})
        self.assertIn("above 0", str(cm.exception))
        with self.assertRaises(ValidationError):
            Settings.create({"multistore_return_approval_amount": -5})
        Settings.create(
            {"multistore_return_days": 15, "multistore_return_approval_amount": 500}
        ).execute()
        Policy = self.env["multistore.return.policy"]
        self.assertEqual(Policy._default_return_days(), 15)
        self.assertEqual(Policy._approval_amount(), 500.0)
        # Nonsense in the parameters falls back to the defaults.
        self._set_param(RETURN_DAYS_PARAM, "soon")
        self._set_param(APPROVAL_AMOUNT_PARAM, "a lot")
        self.assertEqual(Policy._default_return_days(), 7)
        self.assertEqual(Policy._approval_amount(), 0.0)
