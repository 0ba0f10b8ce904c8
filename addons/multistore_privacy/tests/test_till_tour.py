from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon

NAME = "Privtour Wang Fang"
PHONE = "13812345678"


@tagged("post_install", "-at_install")
class TestTillServedCustomerTour(MultistorePosTourCommon):
    """At the till, the customer being served is shown in clear once the
    cashier found them by the whole number they gave; every other customer
    stays masked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls.env["res.partner"].create(
            {"name": NAME, "phone": PHONE, "email": "wang.fang.privtour@example.com"}
        )

    def start_pos_tour(self, tour_name, login="pos_user", **kwargs):
        kwargs.setdefault("timeout", 180)
        return super().start_pos_tour(tour_name, login=login, **kwargs)

    def test_served_customer_in_clear_at_the_till(self):
        Partner = self.env["res.partner"].with_user(self.cashier_a)
        self.assertEqual(
            Partner.browse(self.member.id).read(["phone"])[0]["phone"],
            "138****5678",
        )
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour(
            "multistore_privacy_till_served_customer", login=self.cashier_a.login
        )
        note = self.member.message_ids.filtered(
            lambda m: "Contact details shown at till" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.cashier_a.partner_id)
