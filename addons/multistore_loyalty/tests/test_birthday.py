from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestLoyaltyBirthday(MultistoreLoyaltyCommon):
    """The birthday cron issues one coupon per member per year, by email."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.birthday_program = cls.env["loyalty.program"].create(
            {
                "name": "Birthday Treat",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "rule_ids": [
                    Command.create({"mode": "with_code", "code": "BDAY-RULE"})
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "percent",
                            "discount": 15,
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.env.company.multistore_birthday_program_id = cls.birthday_program
        Partner = cls.env["res.partner"]
        cls.ann = Partner.create(
            {"name": "Ann", "email": "ann@example.com", "birthday": date(1990, 5, 14)}
        )
        cls.bob = Partner.create({"name": "Bob", "birthday": date(1985, 5, 15)})
        cls.leap = Partner.create(
            {"name": "Leap", "email": "leap@example.com", "birthday": date(2000, 2, 29)}
        )

    def _coupons(self, partner):
        return self.env["loyalty.card"].search(
            [
                ("partner_id", "=", partner.id),
                ("program_id", "=", self.birthday_program.id),
            ]
        )

    def _run_cron(self, day):
        with freeze_time(day):
            self.env["res.partner"]._cron_multistore_birthday_rewards()

    def test_one_reward_per_member_per_year(self):
        self._run_cron("2025-05-14 08:00:00")
        coupon = self._coupons(self.ann)
        self.assertEqual(len(coupon), 1)
        self.assertEqual(coupon.points, 1)
        self.assertEqual(coupon.expiration_date, date(2025, 6, 13))
        self.assertEqual(coupon.multistore_birthday_year, 2025)
        self.assertEqual(self.ann.multistore_birthday_year, 2025)
        self.assertEqual(coupon.history_ids.kind, "reward")
        self.assertFalse(self._coupons(self.bob))
        # The cron running twice the same day (or again later that year)
        # issues nothing more.
        self._run_cron("2025-05-14 20:00:00")
        self._run_cron("2025-12-31 08:00:00")
        self.assertEqual(len(self._coupons(self.ann)), 1)
        # Bob's turn the next day; no email address, still a coupon.
        self._run_cron("2025-05-15 08:00:00")
        self.assertEqual(len(self._coupons(self.bob)), 1)
        # Next year, a new one.
        self._run_cron("2026-05-14 08:00:00")
        coupons = self._coupons(self.ann)
        self.assertEqual(len(coupons), 2)
        self.assertEqual(
            sorted(coupons.mapped("multistore_birthday_year")), [2025, 2026]
        )

    def test_reward_is_emailed(self):
        self._run_cron("2025-05-14 08:00:00")
        coupon = self._coupons(self.ann)
        mail = self.env["mail.mail"].search(
            [("model", "=", "loyalty.card"), ("res_id", "=", coupon.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(coupon.code, str(mail.body_html))
        self.assertIn("Happy birthday", mail.subject)
        self.assertEqual(mail.recipient_ids, self.ann)

    def test_leap_day_birthdays(self):
        self._run_cron("2025-02-28 08:00:00")
        self.assertEqual(len(self._coupons(self.leap)), 1)
        self._run_cron("2028-02-28 08:00:00")
        self.assertEqual(len(self._coupons(self.leap)), 1)
        self._run_cron("2028-02-29 08:00:00")
        self.assertEqual(len(self._coupons(self.leap)), 2)

    def test_no_program_configured_issues_nothing(self):
        self.env.company.multistore_birthday_program_id = False
        self._run_cron("2025-05-14 08:00:00")
        self.assertFalse(self._coupons(self.ann))

    def test_birthday_badge_this_month(self):
        with freeze_time("2025-05-02"):
            self.ann.invalidate_recordset(["multistore_birthday_this_month"])
            self.assertTrue(self.ann.multistore_birthday_this_month)
            self.leap.invalidate_recordset(["multistore_birthday_this_month"])
            self.assertFalse(self.leap.multistore_birthday_this_month)
