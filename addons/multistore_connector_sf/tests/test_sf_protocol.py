import base64
import hashlib

from odoo.tests import BaseCase, tagged

from ..tools import sf_protocol
from .fake_sf import expected_digest


@tagged("post_install", "-at_install")
class TestSfDigest(BaseCase):
    """msgDigest = Base64(MD5(URL-encode-UTF-8(msgData + timestamp +
    checkWord)))."""

    def test_known_vector(self):
        # Encoded by hand: braces, quotes, colon, UTF-8 of 张 and 三, space
        # as '+'.
        encoded = "%7B%22a%22%3A%22%E5%BC%A0+%E4%B8%89%22%7D1700000000000key"
        expected = base64.b64encode(hashlib.md5(encoded.encode()).digest()).decode()
        self.assertEqual(
            sf_protocol.msg_digest('{"a":"张 三"}', "1700000000000", "key"), expected
        )

    def test_matches_the_platforms_encoder(self):
        msg = (
            '{"orderId":"MS-SH01-OUT-00001","contact":"张三 先生",'
            '"address":"上海市 南京路1号"}'
        )
        self.assertEqual(
            sf_protocol.msg_digest(msg, "1700000000000", "abc123XYZ"),
            "/sC86p2mzeJ//5M4uRoORw==",
        )
        self.assertEqual(
            expected_digest(msg, "1700000000000", "abc123XYZ"),
            "/sC86p2mzeJ//5M4uRoORw==",
        )

    def test_msg_data_avoids_the_encoders_differences(self):
        # Java's URLEncoder keeps '*' and encodes '~'; Python's quote_plus
        # does the opposite: msgData escapes both inside its strings.
        msg = sf_protocol.dump_msg_data({"address": "3*楼~A"})
        self.assertNotIn("*", msg)
        self.assertNotIn("~", msg)
        self.assertEqual(
            sf_protocol.msg_digest(msg, "1", "k"), expected_digest(msg, "1", "k")
        )

    def test_response_errors(self):
        with self.assertRaises(sf_protocol.SfError) as caught:
            sf_protocol.parse_response(
                '{"apiResultCode":"A1006","apiErrorMsg":"数字签名无效"}'
            )
        self.assertEqual(caught.exception.code, "A1006")
        self.assertFalse(caught.exception.transient)
        with self.assertRaises(sf_protocol.SfError) as caught:
            sf_protocol.parse_response('{"apiResultCode":"A1099"}')
        self.assertTrue(caught.exception.transient)
        with self.assertRaises(sf_protocol.SfError) as caught:
            sf_protocol.parse_response(
                '{"apiResultCode":"A1000","apiResultData":'
                '"{\\"success\\":false,\\"errorCode\\":\\"8016\\"}"}'
            )
        self.assertEqual(caught.exception.code, "8016")
