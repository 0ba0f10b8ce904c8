from datetime import datetime, timedelta

from odoo import Command

from odoo.addons.multistore_api.tests.common import ApiCommon

from .fake_top import TZ, FakeTop


def recent():
    """A minute ago in Beijing time (TOP's): within the next pull's window."""
    return datetime.now(TZ).replace(tzinfo=None) - timedelta(minutes=1)


class TaobaoCommon(ApiCommon):
    """A Taobao shop of store A on a local fake TOP gateway, through an
    integration of its own (store A, import_orders)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeTop().start()
        cls.addClassCleanup(cls.fake.stop)
        cls.scope_import = cls.env.ref("multistore_api.scope_import_orders")
        cls.tmall_integration = cls.Integration.create(
            {
                "name": "Tmall A",
                "store_ids": [Command.set(cls.store_a.ids)],
                "scope_ids": [Command.set(cls.scope_import.ids)],
            }
        )
        cls.Shop = cls.env["multistore.connector.taobao.shop"]
        cls.shop = cls.Shop.create(
            {
                "name": "Tmall flagship",
                "integration_id": cls.tmall_integration.id,
                "store_id": cls.store_a.id,
                "gateway_url": cls.fake.url,
                "app_key": cls.fake.app_key,
                "app_secret_input": cls.fake.secret,
                "session_key_input": cls.fake.session,
                "auto_sync": False,
            }
        )
        cls.product_2 = cls.env["product.product"].create(
            {
                "name": "Oolong",
                "default_code": "TEA-T2",
                "is_storable": True,
                "list_price": 30.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.Order = cls.env["sale.order"]
        cls.Item = cls.env["multistore.connector.taobao.pull.item"]
        cls.Shipment = cls.env["multistore.connector.taobao.shipment"]

    def setUp(self):
        super().setUp()
        self.fake.trades.clear()
        self.fake.stock.clear()
        self.fake.shipments.clear()
        self.fake.calls.clear()
        self.fake.fail_next.clear()
        self.fake.shipped.clear()

    def orders(self, shop=None):
        shop = shop or self.shop
        return self.Order.search(
            [("api_integration_id", "=", shop.integration_id.id)], order="id"
        )

    def pull(self, shop=None, user=None):
        shop = shop or self.shop
        if user:
            shop = shop.with_user(user)
        return shop._pull_orders()
