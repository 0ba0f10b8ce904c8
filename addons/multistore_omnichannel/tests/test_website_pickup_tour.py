from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.multistore_base.tests.common import MultistorePosTourCommon

SHANGHAI_STORE = "上海南京路店"


@tagged("post_install", "-at_install")
class TestWebsitePickupTour(MultistorePosTourCommon):
    """Click & collect end to end, in browsers: a customer orders on the
    website with pickup in Shanghai, Shanghai's staff prepare it, the
    cashier settles it at the till and the portal shows it collected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        company = env.company
        company.email = "shop@example.com"
        china = env.ref("base.cn")
        cls.store_online = env["multistore.store"].create(
            {
                "name": "Online Shop",
                "code": "MS-O",
                "store_type": "online",
                "fulfils_online_orders": False,
            }
        )
        # Store A is the Shanghai store, store B the Beijing one: both take
        # click & collect orders, which offers their warehouses (with their
        # addresses) in the website's store picker.
        cls.store_a.name = SHANGHAI_STORE
        cls.store_a.warehouse_id.partner_id = cls._store_address(
            SHANGHAI_STORE,
            "南京东路 300 号",
            "上海",
            "200001",
            "base.state_cn_SH",
            (31.23, 121.47),
        )
        cls.store_b.warehouse_id.partner_id = cls._store_address(
            "北京王府井店",
            "王府井大街 88 号",
            "北京",
            "100006",
            "base.state_cn_BJ",
            (39.91, 116.41),
        )
        (cls.store_a | cls.store_b).pickup_enabled = True
        cls.staff_a = new_test_user(
            env,
            login="ms_web_staff_a",
            groups="multistore_base.group_store_user",
            company_id=company.id,
            store_ids=[Command.set(cls.store_a.ids)],
            store_id=cls.store_a.id,
        )

        # The chain's website, its click & collect method and on-site payment.
        cls.website = env.ref("website.default_website")
        cls.website.company_id = company
        cls.carrier = env.ref("website_sale_collect.carrier_pick_up_in_store")
        cls.carrier.write({"website_id": cls.website.id, "is_published": True})
        # Odoo's provider belongs to the main company: copied for the test's
        # company, as payment's own tests do (`_prepare_provider`).
        provider = env.ref("website_sale_collect.payment_provider_on_site").sudo()
        if provider.company_id != company:
            provider = provider.copy({"company_id": company.id})
        provider.write({"state": "enabled", "is_published": True})

        cls.tea = env["product.product"].create(
            {
                "name": "Longjing Tea",
                "is_storable": True,
                "available_in_pos": True,
                "website_published": True,
                "list_price": 8.0,
                "taxes_id": [Command.clear()],
            }
        )
        env["stock.quant"]._update_available_quantity(
            cls.tea, cls.store_a.warehouse_id.lot_stock_id, 10.0
        )
        cls.customer_user = new_test_user(
            env,
            login="ms_web_customer",
            groups="base.group_portal",
            name="Wang Fang",
            email="wang.fang@example.com",
            company_id=company.id,
        )
        cls.customer_user.partner_id.write(
            {
                "street": "淮海中路 1 号",
                "city": "上海",
                "zip": "200020",
                "state_id": env.ref("base.state_cn_SH").id,
                "country_id": china.id,
                "phone": "+86 21 5555 0101",
            }
        )

    @classmethod
    def _store_address(cls, name, street, city, zip_code, state_xmlid, geo):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "street": street,
                "city": city,
                "zip": zip_code,
                "state_id": cls.env.ref(state_xmlid).id,
                "country_id": cls.env.ref("base.cn").id,
                # Tests do not geolocate: the store picker's map needs these.
                "partner_latitude": geo[0],
                "partner_longitude": geo[1],
            }
        )

    def test_website_pickup_to_collected(self):
        # 1. The customer orders on the website, to collect in Shanghai.
        self.start_tour(
            "/shop",
            "multistore_omnichannel_website_pickup",
            login=self.customer_user.login,
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.customer_user.partner_id.id)]
        )
        self.assertEqual(len(order), 1)

        # 2. An online order of the chain, confirmed, prepared in Shanghai.
        self.assertEqual(order.website_id, self.website)
        # The website's carts are the chain's online store's orders.
        self.assertEqual(order.store_id, self.store_online)
        self.assertTrue(order.multistore_online_order)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.carrier_id, self.carrier)
        self.assertEqual(order.pickup_store_id, self.store_a)
        self.assertEqual(order.fulfilment_state, "preparing")
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(
            picking.picking_type_id.warehouse_id, self.store_a.warehouse_id
        )
        self.assertEqual(picking.store_id, self.store_a)

        # 3. Shanghai's staff have everything: the order is ready.
        picking.with_user(self.staff_a).action_multistore_ready_for_pickup()
        self.assertEqual(order.fulfilment_state, "ready")
        self.assertTrue(order.pickup_code)

        # 4. The cashier of Shanghai settles it at the till.
        self.main_pos_config.with_user(self.cashier_a).open_ui()
        self.start_pos_tour(
            "multistore_omnichannel_website_pickup_till", login=self.cashier_a.login
        )
        self.assertEqual(order.fulfilment_state, "collected")
        pos_order = self.env["pos.order"].search(
            [("lines.sale_order_origin_id", "=", order.id)]
        )
        self.assertEqual(pos_order.store_id, self.store_a)
        self.assertEqual(pos_order.state, "paid")
        self.assertEqual(picking.state, "cancel")

        # 5. The customer's portal shows the order collected.
        self.start_tour(
            f"/my/orders/{order.id}",
            "multistore_omnichannel_website_pickup_portal",
            login=self.customer_user.login,
        )
