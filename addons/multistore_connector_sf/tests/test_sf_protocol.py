import base64
import hashlib
import json

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


@tagged("post_install", "-at_install")
class TestSfRoutePushParsing(BaseCase):
    """The shapes of SF's route push (路由推送)."""

    ROUTE = {
        "id": "158918741444476",
        "mailno": "SF7444400001001",
        "orderid": "MS-SH01-OUT-00001",
        "acceptTime": "2026-12-01 10:03:00",
        "acceptAddress": "上海市",
        "remark": "顺丰速运 已收取快件",
        "opCode": "50",
        "reasonCode": "",
        "reasonName": "",
    }

    def test_documented_json(self):
        body = json.dumps({"Body": {"WaybillRoute": [self.ROUTE]}}).encode()
        (route,) = sf_protocol.parse_route_push(body)
        self.assertEqual(route["mailno"], "SF7444400001001")
        self.assertEqual(route["opCode"], "50")
        self.assertEqual(route["acceptTime"], "2026-12-01 10:03:00")
        self.assertEqual(route["remark"], "顺丰速运 已收取快件")
        self.assertNotIn("reasonCode", route)

    def test_other_shapes(self):
        expected = sf_protocol.parse_route_push(
            json.dumps({"Body": {"WaybillRoute": [self.ROUTE]}})
        )
        for payload in (
            {"body": {"waybillRoute": self.ROUTE}},
            {"WaybillRoute": [self.ROUTE]},
            [self.ROUTE],
            self.ROUTE,
            [{**self.ROUTE, "mailNo": self.ROUTE["mailno"], "mailno": None}],
        ):
            with self.subTest(payload=payload):
                self.assertEqual(
                    sf_protocol.parse_route_push(json.dumps(payload).encode()),
                    expected,
                )
        # Form-encoded: the JSON in a field, or one route's fields.
        form = {"content": json.dumps({"Body": {"WaybillRoute": [self.ROUTE]}})}
        self.assertEqual(sf_protocol.parse_route_push(b"", form), expected)
        self.assertEqual(sf_protocol.parse_route_push(b"", dict(self.ROUTE)), expected)

    def test_not_a_push(self):
        for body in (
            b"",
            b"{",
            b"\xff",
            b"{}",
            b"[]",
            b'{"Body": {"WaybillRoute": [[]]}}',
            b'[{"opCode": "50"}]',
            json.dumps([self.ROUTE] * (sf_protocol.PUSH_MAX_ROUTES + 1)).encode(),
        ):
            with self.subTest(body=body[:40]), self.assertRaises(ValueError):
                sf_protocol.parse_route_push(body)
