import requests

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, tagged

from ..tools import sf_protocol
from .common import PARTNER_ID, SfCommon

PRINT = sf_protocol.SERVICE_CLOUD_PRINT
TEMPLATE = f"fm_150_standard_{PARTNER_ID}"


class SfLabelCommon(SfCommon):
    def _booked(self):
        _order, delivery = self._ready_delivery()
        self._book(delivery)
        booking = delivery.multistore_sf_booking_ids
        self.assertEqual(booking.state, "booked")
        return delivery, booking

    def _labels(self, delivery):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "stock.picking"), ("res_id", "=", delivery.id)]
        )

    def _assert_nothing_attached(self, delivery, messages_before):
        self.assertFalse(self._labels(delivery))
        delivery.invalidate_recordset(["message_ids"])
        self.assertEqual(delivery.message_ids, messages_before)


@tagged("post_install", "-at_install")
class TestSfLabel(SfLabelCommon):
    def test_template_follows_the_partner_id(self):
        self.assertEqual(self.account.label_template, TEMPLATE)
        account = self.env["multistore.connector.sf.account"].create(
            {
                "name": "Other",
                "integration_id": self.integration.id,
                "partner_code": "OTHER02",
            }
        )
        self.assertEqual(account.label_template, "fm_150_standard_OTHER02")
        # A duplicate keeps the template and follows its new partner ID.
        duplicate = account.copy()
        self.assertEqual(duplicate.label_template, "fm_150_standard_OTHER02")
        duplicate.partner_code = "OTHER05"
        self.assertEqual(duplicate.label_template, "fm_150_standard_OTHER05")
        # A standard template of another size follows the partner ID too;
        # a custom template is kept.
        account.label_template = "fm_76130_standard_OTHER02"
        account.partner_code = "OTHER03"
        self.assertEqual(account.label_template, "fm_76130_standard_OTHER03")
        account.label_template = "my_custom_template"
        account.partner_code = "OTHER04"
        self.assertEqual(account.label_template, "my_custom_template")

    def test_print_from_the_delivery_attaches_and_downloads_the_label(self):
        delivery, booking = self._booked()
        waybill = booking.waybill_no
        action = delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        # What SF received: the account's template and the waybill.
        (sent,) = self.fake.calls(PRINT)
        self.assertEqual(
            sent,
            {
                "templateCode": TEMPLATE,
                "version": "2.0",
                "fileType": "pdf",
                "sync": True,
                "documents": [{"masterWaybillNo": waybill}],
            },
        )
        # The file was fetched once, with the token SF gave for it.
        ((path, token, status),) = self.fake.downloads
        self.assertEqual(status, 200)
        self.assertEqual(token, self.fake.label_files[path][0])
        label = self._labels(delivery)
        self.assertEqual(len(label), 1)
        self.assertEqual(label.name, f"SF-{waybill}.pdf")
        self.assertEqual(label.mimetype, "application/pdf")
        self.assertEqual(label.raw, self.fake.label_pdf(waybill))
        self.assertEqual(label.create_uid, self.staff_a)
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{label.id}?download=true",
                "target": "download",
            },
        )
        # Posted in the delivery's chatter, with the label.
        message = delivery.message_ids[:1]
        self.assertIn(waybill, message.body)
        self.assertEqual(message.attachment_ids, label)
        self.assertEqual(message.author_id, self.staff_a.partner_id)
        # Store A's staff read it back.
        self.assertEqual(
            label.with_user(self.staff_a).read(["name"])[0]["name"], label.name
        )
        # Both calls are in the integration's log.
        Call = self.env["multistore.api.call"]
        self.assertTrue(
            Call.search_count(
                [
                    ("integration_id", "=", self.integration.id),
                    ("endpoint", "=", f"SF {PRINT}"),
                    ("status_code", "=", 200),
                ]
            )
        )
        self.assertTrue(
            Call.search_count(
                [
                    ("endpoint", "=", "SF label download"),
                    ("method", "=", "GET"),
                    ("status_code", "=", 200),
                ]
            )
        )

    def test_print_from_the_booking(self):
        delivery, booking = self._booked()
        action = booking.with_user(self.staff_a).action_print_label()
        label = self._labels(delivery)
        self.assertEqual(label.name, f"SF-{booking.waybill_no}.pdf")
        self.assertEqual(action["url"], f"/web/content/{label.id}?download=true")
        self.assertEqual(len(self.fake.calls(PRINT)), 1)

    def test_printing_again_replaces_the_label(self):
        delivery, booking = self._booked()
        delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        first = self._labels(delivery)
        first.raw = b"%PDF-1.4 old label"
        delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        self.assertEqual(len(self.fake.calls(PRINT)), 2)
        self.assertEqual(len(self.fake.downloads), 2)
        self.assertEqual(self._labels(delivery), first)
        self.assertEqual(first.raw, self.fake.label_pdf(booking.waybill_no))
        messages = delivery.message_ids.filtered(lambda m: m.attachment_ids == first)
        self.assertEqual(len(messages), 2)

    def test_the_fake_checks_the_token(self):
        delivery, booking = self._booked()
        delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        ((path, token, _status),) = self.fake.downloads
        url = self.fake.base_url + path
        for headers in ({}, {"X-Auth-token": "wrong-token"}):
            response = requests.get(url, headers=headers, timeout=5)
            self.assertEqual(response.status_code, 401)
        response = requests.get(url, headers={"X-Auth-token": token}, timeout=5)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.fake.label_pdf(booking.waybill_no))

    def test_refused_without_a_booking(self):
        _order, delivery = self._ready_delivery()
        messages = delivery.message_ids
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        self.assertIn("Book SF Pickup", str(caught.exception))
        self.assertFalse(self.fake.calls(PRINT))
        self._assert_nothing_attached(delivery, messages)

    def test_refused_for_a_booking_that_failed(self):
        _order, delivery = self._ready_delivery()
        self.account.retries = 0
        self.fake.fail_next = ["A1099"]
        self.account.auto_book = True
        self.Booking._cron_auto_book()
        booking = delivery.multistore_sf_booking_ids
        self.assertEqual(booking.state, "failed")
        for action in (
            delivery.with_user(self.staff_a).action_multistore_sf_print_label,
            booking.with_user(self.staff_a).action_print_label,
        ):
            with self.assertRaises(UserError) as caught:
                action()
            self.assertIn("no SF Express waybill yet", str(caught.exception))
        self.assertFalse(self.fake.calls(PRINT))
        self.assertFalse(self._labels(delivery))

    def test_refused_for_a_cancelled_booking(self):
        delivery, booking = self._booked()
        booking.with_user(self.staff_a).action_cancel()
        messages = delivery.message_ids
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        self.assertIn("cancelled", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            booking.with_user(self.staff_a).action_print_label()
        self.assertIn("void", str(caught.exception))
        self.assertIn(booking.waybill_no, str(caught.exception))
        self.assertFalse(self.fake.calls(PRINT))
        self._assert_nothing_attached(delivery, messages)

    def test_cancelling_removes_the_void_label(self):
        delivery, booking = self._booked()
        delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        self.assertEqual(self._labels(delivery).name, f"SF-{booking.waybill_no}.pdf")
        booking.with_user(self.staff_a).action_cancel()
        self.assertFalse(self._labels(delivery))

    def test_other_store_cannot_print(self):
        delivery, booking = self._booked()
        messages = delivery.message_ids
        for user in (self.staff_b, self.manager_b):
            with self.assertRaises(AccessError):
                delivery.with_user(user).action_multistore_sf_print_label()
            with self.assertRaises(AccessError):
                booking.with_user(user).action_print_label()
        self.assertFalse(self.fake.calls(PRINT))
        self._assert_nothing_attached(delivery, messages)

    def test_sf_error_attaches_nothing(self):
        delivery, booking = self._booked()
        messages = delivery.message_ids
        # A template SF does not know (the account's setting is wrong).
        self.account.label_template = "fm_150_standard_NOSUCH"
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        message = str(caught.exception)
        self.assertIn("8000", message)
        self.assertIn("fm_150_standard_NOSUCH", message)
        self.assertIn("Nothing was attached", message)
        self.assertIn("chain manager", message)
        # SF's own failure.
        self.account.label_template = TEMPLATE
        self.fake.fail_next = ["print_error"]
        with self.assertRaises(UserError) as caught:
            booking.with_user(self.staff_a).action_print_label()
        self.assertIn("系统繁忙", str(caught.exception))
        self.assertEqual(len(self.fake.calls(PRINT)), 2)
        self.assertFalse(self.fake.downloads)
        self._assert_nothing_attached(delivery, messages)

    def test_no_template_is_refused(self):
        delivery, _booking = self._booked()
        self.account.label_template = False
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        self.assertIn("no label template", str(caught.exception))
        self.assertFalse(self.fake.calls(PRINT))
        self.assertFalse(self._labels(delivery))

    def test_not_a_pdf_attaches_nothing(self):
        delivery, _booking = self._booked()
        messages = delivery.message_ids
        self.fake.fail_download = ["not_pdf"]
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        message = str(caught.exception)
        self.assertIn("not send a PDF", message)
        self.assertIn("Nothing was attached", message)
        self.assertEqual(len(self.fake.downloads), 1)
        self._assert_nothing_attached(delivery, messages)

    def test_unreachable_file_is_retried_then_refused(self):
        delivery, booking = self._booked()
        messages = delivery.message_ids
        # Sent again after a 5xx (Retries 1).
        self.fake.fail_download = ["http500"]
        delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        self.assertEqual([d[2] for d in self.fake.downloads], [500, 200])
        self.assertEqual(self._labels(delivery).name, f"SF-{booking.waybill_no}.pdf")
        # Without retries: refused, the label of before is kept as it was.
        self._labels(delivery).unlink()
        self.account.retries = 0
        self.fake.fail_download = ["http500"]
        with self.assertRaises(UserError) as caught:
            delivery.with_user(self.staff_a).action_multistore_sf_print_label()
        self.assertIn("could not be reached", str(caught.exception))
        self.assertFalse(self._labels(delivery))
        self.assertEqual(len(delivery.message_ids - messages), 1)


@tagged("post_install", "-at_install")
class TestSfLabelRpc(SfLabelCommon, HttpCase):
    """Over JSON-RPC, as a client of another store would call it."""

    def _call(self, login, model, method, ids):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": [ids], "kwargs": {}},
        )

    def test_other_store_cannot_print_over_rpc(self):
        delivery, booking = self._booked()
        messages = delivery.message_ids
        booking_model = "multistore.connector.sf.booking"
        for model, method, record in (
            (booking_model, "action_print_label", booking),
            ("stock.picking", "action_multistore_sf_print_label", delivery),
        ):
            with self.subTest(model=model):
                with self.assertRaises(JsonRpcException) as caught:
                    self._call("ms_staff_b", model, method, record.ids)
                self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        # Private methods are not callable over RPC.
        with self.assertRaises(JsonRpcException):
            self._call("ms_staff_b", booking_model, "_print_label", booking.ids)
        self.assertFalse(self.fake.calls(PRINT))
        self._assert_nothing_attached(delivery, messages)
        # Store A's staff print it and download it.
        action = self._call(
            "ms_staff_a",
            "stock.picking",
            "action_multistore_sf_print_label",
            delivery.ids,
        )
        label = self._labels(delivery)
        self.assertEqual(action["url"], f"/web/content/{label.id}?download=true")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.fake.label_pdf(booking.waybill_no))
