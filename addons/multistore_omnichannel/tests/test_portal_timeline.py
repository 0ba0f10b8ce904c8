from lxml import html

from odoo.tests import HttpCase, tagged

from .common import OmnichannelCommon


@tagged("post_install", "-at_install")
class TestPortalTimeline(OmnichannelCommon, HttpCase):
    """The customer follows the order on the portal (by its access link)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_a.pickup_enabled = True
        cls._set_stock(cls.store_a, 10)

    def _timeline(self, order):
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        return [
            (
                " ".join(step.xpath(".//strong")[0].text_content().split()),
                step.get("data-step-done") == "1",
                " ".join(step.text_content().split()),
            )
            for step in page.xpath("//section[@id='multistore_timeline']//li")
        ]

    def test_click_and_collect_timeline(self):
        order = self._online_order([(self.product, 1)], pickup_store=self.store_a)
        order.action_confirm()
        steps = self._timeline(order)
        self.assertEqual(
            [(label, done) for label, done, _text in steps],
            [
                ("Confirmed", True),
                ("Preparing", True),
                ("Ready for Pickup", False),
                ("Collected", False),
            ],
        )
        self.assertNotIn(order.pickup_code, steps[2][2], "no code before it is ready")
        picking = self._deliveries(order)
        picking.action_multistore_ready_for_pickup()
        steps = self._timeline(order)
        self.assertTrue(steps[2][1])
        self.assertIn(f"pickup code {order.pickup_code}", steps[2][2])
        picking.move_ids.quantity = 1
        picking.button_validate()
        steps = self._timeline(order)
        self.assertEqual([done for _label, done, _text in steps], [True] * 4)

    def test_delivery_timeline_shows_the_tracking_reference(self):
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        delivery = self._deliveries(order)
        delivery.move_ids.quantity = 1
        delivery.carrier_tracking_ref = "SF7770001"
        delivery.button_validate()
        steps = self._timeline(order)
        self.assertEqual(
            [(label, done) for label, done, _text in steps],
            [
                ("Confirmed", True),
                ("Preparing", True),
                ("Shipped", True),
                ("Delivered", False),
            ],
        )
        self.assertIn("SF7770001", steps[2][2])
        order.with_user(self.staff_o).action_multistore_confirm_delivery()
        self.assertEqual(self._timeline(order)[3][:2], ("Delivered", True))

    def test_store_quotation_has_no_timeline(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "store_id": self.store_a.id}
        )
        self.assertEqual(self._timeline(order), [])
