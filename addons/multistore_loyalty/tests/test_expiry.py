from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyExpiry(MultistoreLoyaltyCommon):
    """Points not used within N months of being earned expire, oldest first."""

    def _post(self, when, store, issued=0.0, used=0.0):
        self.env["loyalty.card"]._multistore_post_points(
            [
                {
                    "card_id": self.card.id,
                    "issued": issued,
                    "used": used,
                    "store_id": store.id,
                    "kind": "order",
                    "date": when,
                    "description": "test",
                }
            ]
        )

    def _expire(self, when):
        with freeze_time(when):
            self.env["loyalty.card"]._cron_multistore_expire_points()

    def _expired(self):
        return self.card.history_ids.filtered(lambda line: line.kind == "expiry")

    def test_expiry_fifo(self):
        self.env.company.multistore_points_expiry_months = 12
        self._post(datetime(2024, 1, 10), self.store_a, issued=100)
        self._post(datetime(2024, 6, 10), self.store_b, issued=50)
        self._post(datetime(2024, 7, 1), self.store_b, used=30)
        self.assertEqual(self.card.points, 120)
        # Cut-off 2024-02-01: of the 100 earned in January, 30 were used.
        self._expire("2025-02-01 03:00:00")
        self.assertEqual(self.card.points, 50)
        line = self._expired()
        self.assertEqual(
            (line.used, line.store_id.id, line.kind), (70.0, False, "expiry")
        )
        self.assertEqual(line.date, datetime(2025, 2, 1, 3, 0, 0))
        # Running again the same day expires nothing more.
        self._expire("2025-02-01 04:00:00")
        self.assertEqual(len(self._expired()), 1)
        self.assertEqual(self.card.points, 50)
        # Cut-off 2024-07-01: the 50 of June expire too.
        self._expire("2025-07-01 03:00:00")
        self.assertEqual(self.card.points, 0)
        self.assertEqual(sum(self._expired().mapped("used")), 120)

    def test_used_points_do_not_expire(self):
        self.env.company.multistore_points_expiry_months = 6
        self._post(datetime(2024, 1, 10), self.store_a, issued=40)
        self._post(datetime(2024, 3, 1), self.store_a, used=40)
        self._post(datetime(2024, 5, 1), self.store_a, issued=25)
        self._expire("2024-09-01 03:00:00")
        self.assertFalse(self._expired())
        self.assertEqual(self.card.points, 25)

    def test_no_expiry_configured(self):
        self.env.company.multistore_points_expiry_months = 0
        self._post(datetime(2020, 1, 10), self.store_a, issued=40)
        self._expire("2025-09-01 03:00:00")
        self.assertFalse(self._expired())
        self.assertEqual(self.card.points, 40)
