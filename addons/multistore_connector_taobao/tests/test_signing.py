import hashlib
import hmac

from odoo.tests import tagged

from ..tools import top_client
from .common import TaobaoCommon


@tagged("post_install", "-at_install")
class TestSigning(TaobaoCommon):
    # The example of TOP's signature documentation: secret "helloworld".
    DOC_PARAMS = {
        "app_key": "12345678",
        "fields": "num_iid,title,nick,price,num",
        "format": "json",
        "method": "taobao.item.seller.get",
        "num_iid": "11223344",
        "session": "test",
        "sign_method": "md5",
        "timestamp": "2016-01-01 12:00:00",
        "v": "2.0",
    }

    def test_md5_known_vector(self):
        self.assertEqual(
            top_client.sign(self.DOC_PARAMS, "helloworld"),
            "66987CB115214E59E6EC978214934FB8",
        )
        # The sign parameter itself is left out.
        with_sign = dict(self.DOC_PARAMS, sign="WHATEVER")
        self.assertEqual(
            top_client.sign(with_sign, "helloworld"),
            "66987CB115214E59E6EC978214934FB8",
        )

    def test_hmac(self):
        params = dict(self.DOC_PARAMS, sign_method="hmac")
        text = "".join(k + params[k] for k in sorted(params))
        expected = hmac.new(b"helloworld", text.encode(), hashlib.md5).hexdigest()
        self.assertEqual(
            top_client.sign(params, "helloworld", "hmac"), expected.upper()
        )

    def test_gateway_refuses_a_bad_signature(self):
        self.shop.app_secret_input = "not-the-secret"
        message, ok = self.pull()
        self.assertFalse(ok)
        self.assertIn("25 Invalid Signature", message)
        self.assertFalse(self.shop.pull_cursor)

    def test_hmac_signed_calls_are_accepted(self):
        self.shop.sign_method = "hmac"
        self.fake.add_trade(9001, [("TEA-T1", 1, "10.00")])
        message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertEqual(len(self.orders()), 1)

    def test_beijing_time(self):
        self.assertEqual(
            top_client.top_time(top_client.datetime(2026, 1, 1, 16, 30)),
            "2026-01-02 00:30:00",
        )
