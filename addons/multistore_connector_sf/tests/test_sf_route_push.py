import json
from urllib.parse import urlencode

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..tools import sf_protocol
from .common import SfCommon

SUCCESS = {"return_code": "0000", "return_msg": "成功"}
PICKED_UP = {
    "acceptAddress": "上海市",
    "acceptTime": "2026-12-01 10:03:00",
    "remark": "顺丰速运 已收取快件",
    "opCode": "50",
}
SIGNED = {
    "acceptAddress": "上海市",
    "acceptTime": "2026-12-02 15:30:00",
    "remark": "快件已签收，签收人：本人",
    "opCode": "80",
}


@tagged("post_install", "-at_install")
class TestSfRoutePush(SfCommon, HttpCase):
    """SF pushes route events to the account's URL over HTTP, as SF does:
    no cookie, no user, the token in the path."""

    def _url(self, account=None):
        token = (account or self.account).sudo().push_token
        return f"/multistore/sf/{token}/routes"

    def _push(self, routes, url=None, booking=None):
        body = {
            "Body": {
                "WaybillRoute": [
                    {
                        "id": f"{1000 + index}",
                        "mailno": booking.waybill_no if booking else "SF0000",
                        "orderid": booking.name if booking else "",
                        "reasonCode": "",
                        "reasonName": "",
                        **route,
                    }
                    for index, route in enumerate(routes)
                ]
            }
        }
        return self._post(json.dumps(body, ensure_ascii=False).encode(), url=url)

    def _post(self, data, url=None, content_type="application/json"):
        return self.url_open(
            url or self._url(), data=data, headers={"Content-Type": content_type}
        )

    def _booked(self):
        order, delivery = self._ready_delivery()
        self._book(delivery)
        return order, delivery, delivery.multistore_sf_booking_ids

    def _assert_refused(self, response, status):
        self.assertEqual(response.status_code, status, response.text)
        answer = response.json()
        self.assertNotEqual(answer["return_code"], "0000")
        self.assertTrue(answer["return_msg"])
        return answer

    def _logged(self, status_code):
        return self.env["multistore.api.call"].search(
            [("endpoint", "=", "SF route push"), ("status_code", "=", status_code)]
        )

    def test_push_delivers_the_order_once(self):
        order, delivery, booking = self._booked()
        self._ship(delivery)
        response = self._push([PICKED_UP], booking=booking)
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json(), SUCCESS)
        self.assertEqual(booking.route_ids.mapped("op_code"), ["50"])
        self.assertEqual(booking.last_route, PICKED_UP["remark"])
        self.assertEqual(booking.state, "booked")
        self.assertEqual(order.fulfilment_state, "shipped")
        response = self._push([PICKED_UP, SIGNED], booking=booking)
        self.assertEqual(response.json(), SUCCESS)
        self.assertEqual(booking.state, "delivered")
        self.assertEqual(order.shipment_state, "delivered")
        self.assertEqual(order.fulfilment_state, "delivered")
        self.assertEqual(sorted(booking.route_ids.mapped("op_code")), ["50", "80"])
        delivered_on = order.shipment_delivered_date
        # The same push again: recorded once, the order delivered once.
        response = self._push([SIGNED, PICKED_UP], booking=booking)
        self.assertEqual(response.json(), SUCCESS)
        self.assertEqual(len(booking.route_ids), 2)
        self.assertEqual(order.shipment_delivered_date, delivered_on)
        # SF was never asked: the push is enough.
        self.assertFalse(self.fake.calls(sf_protocol.SERVICE_SEARCH_ROUTES))
        self.assertEqual(len(self._logged(200)), 3)
        self.assertEqual(self._logged(200).integration_id, self.integration)
        self.assertFalse(any(self._logged(200).mapped("error")))

    def test_delivery_not_validated_by_the_store_is_validated(self):
        order, delivery, booking = self._booked()
        response = self._push([SIGNED], booking=booking)
        self.assertEqual(response.json(), SUCCESS)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(order.shipment_state, "delivered")

    def test_pushed_and_polled_event_is_recorded_once(self):
        """Push and route query record through one path: the event the
        query reports again is not recorded twice."""
        _order, _delivery, booking = self._booked()
        self.assertEqual(self._push([PICKED_UP], booking=booking).json(), SUCCESS)
        self.Booking._cron_track()
        self.assertEqual(len(self.fake.calls(sf_protocol.SERVICE_SEARCH_ROUTES)), 1)
        self.assertEqual(booking.route_ids.mapped("op_code"), ["50"])

    def test_form_encoded_push(self):
        _order, _delivery, booking = self._booked()
        content = json.dumps(
            {"Body": {"WaybillRoute": [{"mailno": booking.waybill_no, **PICKED_UP}]}}
        )
        response = self._post(
            urlencode({"content": content}).encode(),
            content_type="application/x-www-form-urlencoded",
        )
        self.assertEqual(response.json(), SUCCESS)
        self.assertEqual(booking.route_ids.mapped("op_code"), ["50"])

    def test_bad_token_is_refused(self):
        _order, _delivery, booking = self._booked()
        good = self.account.sudo().push_token
        # The good token with its last character changed.
        near = good[:-1] + ("y" if good[-1] == "x" else "x")
        for url in (
            "/multistore/sf/not-the-token-of-any-account/routes",
            f"/multistore/sf/{near}/routes",
            "/multistore/sf/short/routes",
        ):
            with self.subTest(url=url):
                response = self._push([PICKED_UP], url=url, booking=booking)
                self._assert_refused(response, 403)
        self.assertFalse(booking.route_ids)
        self.assertEqual(len(self._logged(403)), 3)
        self.assertFalse(self._logged(403).integration_id)
        # The token of another account does not reach this account's
        # waybills.
        other = self.account.copy({"name": "Other", "order_prefix": "OT"})
        response = self._push([PICKED_UP], url=self._url(other), booking=booking)
        self._assert_refused(response, 404)
        self.assertFalse(booking.route_ids)
        # An archived account receives nothing.
        self.account.active = False
        response = self._push([PICKED_UP], booking=booking)
        self._assert_refused(response, 403)
        self.assertFalse(booking.route_ids)

    def test_new_push_url_replaces_the_old_one(self):
        _order, _delivery, booking = self._booked()
        old_url = self._url()
        account = self.account.with_user(self.chain_manager)
        self.assertIn(old_url, account.push_url)
        account.action_generate_push_token()
        self.assertNotEqual(self._url(), old_url)
        self.assertIn(self._url(), account.push_url)
        self._assert_refused(self._push([PICKED_UP], url=old_url, booking=booking), 403)
        self.assertEqual(self._push([PICKED_UP], booking=booking).json(), SUCCESS)
        # Store roles neither read nor change it.
        for user in (self.staff_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.account.with_user(user).read(["push_url"])
            with self.assertRaises(AccessError):
                self.account.with_user(user).action_generate_push_token()

    def test_unknown_waybill_is_refused(self):
        _order, _delivery, booking = self._booked()
        response = self._push([{**PICKED_UP, "mailno": "SF1234567890"}])
        answer = self._assert_refused(response, 404)
        self.assertIn("SF1234567890", answer["return_msg"])
        self.assertFalse(self.env["multistore.connector.sf.route"].search([]))
        # Mixed with a waybill of the account: that one is recorded.
        response = self._post(
            json.dumps(
                {
                    "Body": {
                        "WaybillRoute": [
                            {**PICKED_UP, "mailno": "SF1234567890"},
                            {**PICKED_UP, "mailno": booking.waybill_no},
                        ]
                    }
                }
            ).encode()
        )
        self.assertEqual(response.json(), SUCCESS)
        self.assertEqual(len(self.env["multistore.connector.sf.route"].search([])), 1)
        self.assertEqual(booking.route_ids.mapped("op_code"), ["50"])
        self.assertIn("SF1234567890", self._logged(200).error)

    def test_malformed_push_is_refused_without_error(self):
        _order, _delivery, booking = self._booked()
        bodies = [
            b"",
            b"not json",
            b"\xff\xfe",
            b"[]",
            b'{"Body": {}}',
            b'{"Body": {"WaybillRoute": "x"}}',
            b'{"Body": {"WaybillRoute": [1]}}',
            json.dumps({"WaybillRoute": [{"opCode": "50"}]}).encode(),
            json.dumps(
                {"WaybillRoute": [{"mailno": booking.waybill_no, "remark": {}}]}
            ).encode(),
        ]
        for body in bodies:
            with self.subTest(body=body):
                self._assert_refused(self._post(body or b" "), 400)
        # NUL characters and numbers where text is expected are cleaned.
        response = self._push(
            [{**PICKED_UP, "remark": "已收取\x00快件", "opCode": 50}], booking=booking
        )
        self.assertEqual(response.json(), SUCCESS)
        self.assertEqual(booking.route_ids.remark, "已收取快件")
        self.assertEqual(booking.route_ids.op_code, "50")
        # Only POST.
        self.assertEqual(self.url_open(self._url()).status_code, 405)
