from odoo import Command

from odoo.addons.multistore_omnichannel.tests.common import OmnichannelCommon
from odoo.addons.sms.tests.common import MockSMS

from .fake_sf import FakeSf

PARTNER_ID = "MSTEST01"
CHECK_WORD = "fc4b1e0c9d8e4f3ab2c1d0e9f8a7b6c5"


class SfCommon(OmnichannelCommon, MockSMS):
    """The online store O and store A served by an SF account whose
    integration has stores O and A; a fake SF platform on a free local port."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeSf(PARTNER_ID, CHECK_WORD).start()
        cls.addClassCleanup(cls.fake.stop)
        for store, street, phone in (
            (cls.store_a, "南京东路 100 号", "021-12345678"),
            (cls.store_b, "王府井大街 8 号", "010-87654321"),
        ):
            store.partner_id.write({"street": street, "phone": phone})
        cls.customer.write(
            {"name": "张三", "street": "淮海中路 1 号 *3 楼~", "mobile": "13800000001"}
        )
        scope = cls.env.ref("multistore_api.scope_update_shipments")
        cls.integration = cls.env["multistore.api.integration"].create(
            {
                "name": "SF Express",
                "store_ids": [Command.set((cls.store_o | cls.store_a).ids)],
                "scope_ids": [Command.set(scope.ids)],
            }
        )
        cls.account = cls.env["multistore.connector.sf.account"].create(
            {
                "name": "顺丰月结",
                "integration_id": cls.integration.id,
                "environment": "custom",
                "service_url": cls.fake.url,
                "partner_code": PARTNER_ID,
                "check_word_input": CHECK_WORD,
                "monthly_card": "7551234567",
                "retries": 1,
                "timeout": 5,
            }
        )
        cls.Booking = cls.env["multistore.connector.sf.booking"]

    def setUp(self):
        super().setUp()
        self.fake.reset()
        # SF's events ship and deliver online orders, and the customer gets
        # an SMS of each (multistore_omnichannel): through Odoo's SMS gateway
        # mock, as the IAP gateway is out of reach.
        self.enterContext(self.mockSMSGateway())

    def _ready_delivery(self, store=None, qty=1):
        """A confirmed online order routed to ``store`` (A) and its delivery,
        ready to ship."""
        self._set_stock(store or self.store_a, 5)
        order = self._online_order([(self.product, qty)])
        order.action_confirm()
        delivery = self._deliveries(order)
        self.assertEqual(delivery.store_id, store or self.store_a)
        self.assertEqual(delivery.state, "assigned")
        return order, delivery

    def _book(self, delivery, user=None):
        return delivery.with_user(user or self.staff_a).action_multistore_sf_book()

    @staticmethod
    def _ship(delivery):
        delivery.move_ids.quantity = delivery.move_ids.product_uom_qty
        delivery.button_validate()
