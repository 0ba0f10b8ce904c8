from odoo.tests import tagged

from .common import TaobaoCommon, recent


@tagged("post_install", "-at_install")
class TestReceiverAddress(TaobaoCommon):
    def _trade(self, tid, **receiver):
        trade = self.fake.add_trade(tid, [("TEA-T1", 1, "10.00")], modified=recent())
        trade["receiver_zip"] = "200120"
        trade.update(receiver)
        return trade

    def _order(self, tid):
        return self.orders().filtered(lambda o: o.api_external_id == str(tid))

    def test_receiver_is_the_delivery_address(self):
        self._trade(9501)
        message, ok = self.pull()
        self.assertTrue(ok, message)
        order = self._order(9501)
        buyer, delivery = order.partner_id, order.partner_shipping_id
        self.assertNotEqual(delivery, buyer)
        self.assertEqual(order.partner_invoice_id, buyer)
        self.assertEqual(delivery.parent_id, buyer)
        self.assertEqual(delivery.type, "delivery")
        self.assertEqual(delivery.name, "张三")
        self.assertEqual(delivery.phone, "13800138000")
        self.assertEqual(delivery.country_id, self.env.ref("base.cn"))
        self.assertEqual(delivery.state_id, self.env.ref("base.state_cn_SH"))
        self.assertEqual(delivery.city, "上海市")
        self.assertEqual(delivery.street, "世纪大道 100 号")
        self.assertEqual(delivery.street2, "浦东新区")
        self.assertEqual(delivery.zip, "200120")
        # The delivery goes there.
        self.assertEqual(order.picking_ids.partner_id, delivery)
        self.assertEqual(order.order_line.price_unit, 10.0)

    def test_same_address_reuses_its_delivery_partner(self):
        Partner = self.env["res.partner"]
        self._trade(9601)
        self.pull()
        first = self._order(9601)
        buyer, delivery = first.partner_id, first.partner_shipping_id
        partners = Partner.search_count([])
        # The same buyer and address again, in another pull: no new partner.
        self._trade(9602)
        self.pull()
        self.assertEqual(self._order(9602).partner_id, buyer)
        self.assertEqual(self._order(9602).partner_shipping_id, delivery)
        self.assertEqual(Partner.search_count([]), partners)
        # The same buyer has a parcel sent elsewhere: a second address...
        self._trade(
            9603,
            receiver_name="李四",
            receiver_state="浙江省",
            receiver_city="杭州市",
            receiver_district="西湖区",
            receiver_address="文三路 90 号",
            receiver_zip="310012",
        )
        self.pull()
        other = self._order(9603).partner_shipping_id
        self.assertEqual(self._order(9603).partner_id, buyer)
        self.assertNotEqual(other, delivery)
        self.assertEqual(other.parent_id, buyer)
        self.assertEqual(other.state_id, self.env.ref("base.state_cn_ZJ"))
        self.assertEqual(other.name, "李四")
        # ... and the first address once more is the first partner, not the
        # buyer's default delivery address.
        self._trade(9604)
        self.pull()
        self.assertEqual(self._order(9604).partner_shipping_id, delivery)
        self.assertEqual(
            buyer.child_ids.filtered(lambda p: p.type == "delivery"), delivery | other
        )
        self.assertEqual(Partner.search_count([]), partners + 1)

    def test_provinces_of_china(self):
        Shop = self.env["multistore.connector.taobao.shop"]
        china = self.env.ref("base.cn")
        for province, xmlid in (
            ("上海", "base.state_cn_SH"),
            ("上海市", "base.state_cn_SH"),
            ("浙江省", "base.state_cn_ZJ"),
            ("浙江", "base.state_cn_ZJ"),
            ("广西壮族自治区", "base.state_cn_GX"),
            ("广西", "base.state_cn_GX"),
            ("新疆", "base.state_cn_XJ"),
            ("内蒙古自治区", "base.state_cn_NM"),
            ("香港特别行政区", "base.state_cn_HK"),
        ):
            self.assertEqual(
                Shop._cn_state(province, china), self.env.ref(xmlid), province
            )
        self.assertFalse(Shop._cn_state("", china))
        # A province that matches none is kept in front of the city.
        vals = Shop._receiver_address(
            {
                "receiver_state": "火星",
                "receiver_city": "奥林帕斯",
                "receiver_name": "王五",
            }
        )
        self.assertFalse(vals["state_id"])
        self.assertEqual(vals["city"], "火星 奥林帕斯")
        self.assertEqual(vals["country_id"], china.id)
        # No address at all: no delivery address.
        self.assertEqual(Shop._receiver_address({"receiver_name": "王五"}), {})
