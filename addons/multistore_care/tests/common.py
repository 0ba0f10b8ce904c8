from datetime import date

from odoo.addons.multistore_base.tests.common import MultistoreCommon
from odoo.addons.multistore_crm.tests.common import MultistoreCrmCommon

MOBILE_MEI = "+8613800138001"
MOBILE_LI = "+8613800138002"
MOBILE_BLOCKED = "+8613800138003"


class MultistoreCareCommon(MultistoreCommon):
    """Customers with birthdays around 15 March, one of them on both of
    Odoo's blacklists, one speaking Chinese, one born on 29 February."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "Harmony Tea House",
                "email": "care@harmony.example.com",
                "multistore_care_birthday_channel": "both",
                "multistore_care_anniversary_channel": "both",
            }
        )
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["multistore_care"], ["zh_CN"])
        Partner = cls.env["res.partner"]
        cls.mei = Partner.create(
            {
                "name": "Mei",
                "email": "mei@example.com",
                "mobile": MOBILE_MEI,
                "birthday": date(1990, 3, 15),
                "lang": "en_US",
            }
        )
        cls.li = Partner.create(
            {
                "name": "Li Na",
                "email": "lina@example.com",
                "mobile": MOBILE_LI,
                "birthday": date(1985, 3, 15),
                "lang": "zh_CN",
            }
        )
        cls.blocked = Partner.create(
            {
                "name": "Wang Blocked",
                "email": "wang@example.com",
                "mobile": MOBILE_BLOCKED,
                "birthday": date(1979, 3, 15),
            }
        )
        cls.env["mail.blacklist"].sudo()._add("wang@example.com")
        cls.env["phone.blacklist"].sudo()._add([MOBILE_BLOCKED])
        cls.leap = Partner.create(
            {
                "name": "Leap Zhou",
                "email": "leap@example.com",
                "birthday": date(2000, 2, 29),
            }
        )
        cls.tomorrow = Partner.create(
            {
                "name": "Tomorrow Sun",
                "email": "sun@example.com",
                "birthday": date(1990, 3, 16),
            }
        )
        cls.shop_company = Partner.create(
            {
                "name": "Tea Wholesale Ltd",
                "is_company": True,
                "email": "buy@wholesale.example.com",
                "birthday": date(2001, 3, 15),
            }
        )
        cls.Message = cls.env["multistore.care.message"]


class MultistoreCareVipCommon(MultistoreCrmCommon):
    """The CRM fixture (customers buying in stores A, B and online), with
    a gold tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gold = cls.env["multistore.loyalty.tier"].create(
            {"name": "Gold", "threshold": 100000.0, "earn_multiplier": 2.0}
        )
        cls.silver = cls.env["multistore.loyalty.tier"].create(
            {"name": "Silver", "threshold": 50000.0, "earn_multiplier": 1.5}
        )
        cls.env.company.write(
            {"multistore_vip_tier_id": False, "multistore_vip_top_n": 1}
        )
        cls.Vip = cls.env["multistore.customer.vip"]
        cls.Note = cls.env["multistore.customer.note"]
