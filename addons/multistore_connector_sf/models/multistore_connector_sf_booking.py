"""A pickup booked at SF Express for one delivery of an online order.

Booking calls EXP_RECE_CREATE_ORDER once per delivery: the orderId sent is
fixed by the delivery, so a second click, a retry after a timeout or the
cron never books twice (SF answers 8016 for a known orderId; the waybill is
then read back with EXP_RECE_SEARCH_ORDER_RESP). The waybill number becomes
the delivery's tracking reference and the order's shipment, recorded by the
account's integration (``sale.order._api_update_shipment`` as its technical
user). Route tracking (EXP_RECE_SEARCH_ROUTES, or SF's route push received
by the account) records the route events and delivers the order once every
delivery of it was signed for (opCode 80).

A booking is cancelled at SF (EXP_RECE_UPDATE_ORDER, dealType 2) only
before the courier took the parcel: no route event yet and the delivery not
validated. The waybill leaves the delivery's and the order's tracking
reference, and the delivery may be booked again: a new booking with a new
orderId (SF never takes a cancelled orderId again). Cancelled bookings stay
as history; a delivery has one booking that is not cancelled.

The waybill label (云打印面单 2.0) is rendered by SF's cloud print
(COM_RECE_CLOUD_PRINT_WAYBILLS with the account's template), downloaded as a
PDF with the file's token and kept on the delivery as SF-<waybill>.pdf:
printing again replaces that file's content with the fresh label.

Everything a booking writes happens in the caller's transaction: a refused
or failed booking leaves nothing but its error (and the call log); a label
that could not be fetched attaches nothing.
"""

import logging
import re
from datetime import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import split_every

from ..tools import sf_protocol

_logger = logging.getLogger(__name__)

# SF's route times are Beijing time.
SF_TZ = pytz.timezone("Asia/Shanghai")
SENDER, RECEIVER = 1, 2  # contactType


class MultistoreConnectorSfBooking(models.Model):
    _name = "multistore.connector.sf.booking"
    _description = "SF Express Booking"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="SF Order ID",
        required=True,
        readonly=True,
        help="The orderId sent to SF: one per delivery.",
    )
    account_id = fields.Many2one(
        "multistore.connector.sf.account",
        string="SF Account",
        required=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Order", readonly=True, index=True
    )
    store_id = fields.Many2one(
        "multistore.store", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    waybill_no = fields.Char(
        string="Waybill", readonly=True, index="btree_not_null", tracking=True
    )
    state = fields.Selection(
        [
            ("failed", "Not booked"),
            ("booked", "Booked"),
            ("delivered", "Delivered"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    error = fields.Text(readonly=True, help="The last error of booking or tracking.")
    route_ids = fields.One2many(
        "multistore.connector.sf.route", "booking_id", readonly=True
    )
    last_route = fields.Char(string="Last Route Event", readonly=True)
    last_route_date = fields.Datetime(string="Last Event on", readonly=True)
    delivered_date = fields.Datetime(string="Signed for on", readonly=True)
    cancelled_date = fields.Datetime(string="Cancelled on", readonly=True)

    _sql_constraints = [
        # Cancelled bookings stay as history: one booking per delivery that
        # is not cancelled.
        (
            "picking_open_unique",
            "EXCLUDE (picking_id WITH =) WHERE (state != 'cancelled')",
            "A delivery has one SF booking that is not cancelled.",
        ),
        (
            "name_unique",
            "unique(account_id, name)",
            "An SF order ID is used once per account.",
        ),
    ]

    def action_track(self):
        """Query the routes of these waybills now (store staff of their
        stores)."""
        for booking in self:
            booking._multistore_check_store_role(
                booking.store_id, action=self.env._("track SF waybills")
            )
        self._track(raise_errors=True)
        return True

    def action_cancel(self):
        """Cancel these pickups at SF (store staff of their stores), before
        the courier took the parcel; the delivery may then be booked again."""
        for booking in self:
            booking._multistore_check_store_role(
                booking.store_id, action=self.env._("cancel SF Express bookings")
            )
        # Bookings are read-only for store roles: the checked caller's
        # cancellation writes them as superuser.
        for booking in self.sudo():
            booking._cancel_at_sf()
        return True

    def action_print_label(self):
        """Fetch the waybill label of this booking from SF and download it
        (store staff of its store); it is kept on the delivery."""
        self.ensure_one()
        self._multistore_check_store_role(
            self.store_id, action=self.env._("print SF waybill labels")
        )
        # Bookings, deliveries' attachments and the account are read as
        # superuser: the caller's role for the store was checked.
        attachment = self.sudo()._print_label()
        return self._label_download_action(attachment)

    @api.model
    def _label_download_action(self, attachment):
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Booking (callers checked the user's role for the delivery's store)
    # ------------------------------------------------------------------
    @api.model
    def _book(self, picking):
        """Book ``picking`` at SF, or return its booking if it has one."""
        picking = picking.sudo()
        order = picking.sale_id
        self._check_bookable(picking)
        Account = self.env["multistore.connector.sf.account"]
        booking = self._open_booking(picking)
        account = booking.account_id or Account._for_store(
            picking.store_id, picking.company_id
        )
        account._check_serves(picking.store_id | order.store_id)
        if booking.state in ("booked", "delivered"):
            return booking
        ref = booking.name or self._order_ref(account, picking)
        waybill = self._create_sf_order(account, picking, ref)
        vals = {
            "state": "booked",
            "waybill_no": waybill,
            "error": False,
        }
        if booking:
            booking.write(vals)
        else:
            booking = self.sudo().create(
                {
                    **vals,
                    "name": ref,
                    "account_id": account.id,
                    "picking_id": picking.id,
                    "sale_order_id": order.id,
                    "store_id": picking.store_id.id,
                    "company_id": picking.company_id.id,
                }
            )
        picking.carrier_tracking_ref = waybill
        booking._update_order_shipment()
        booking.message_post(
            body=self.env._(
                "SF Express pickup booked for %(picking)s: waybill %(waybill)s.",
                picking=picking.name,
                waybill=waybill,
            )
        )
        return booking

    @api.model
    def _check_bookable(self, picking):
        order = picking.sale_id
        if (
            not picking._multistore_online_outgoing()
            or order.pickup_store_id
            or not order
        ):
            raise UserError(
                self.env._(
                    "%(picking)s is not the delivery of an online order to a "
                    "customer's address: only those are booked with SF Express.",
                    picking=picking.display_name,
                )
            )
        if picking.state in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "%(picking)s is already done or cancelled: nothing to book.",
                    picking=picking.display_name,
                )
            )
        if order.state != "sale" or order.shipment_state == "delivered":
            raise UserError(
                self.env._(
                    "%(order)s is not a confirmed order waiting for delivery: "
                    "nothing to book.",
                    order=order.display_name,
                )
            )
        booked = self._open_booking(picking).filtered(
            lambda b: b.state in ("booked", "delivered")
        )
        if picking.carrier_tracking_ref and not booked:
            raise UserError(
                self.env._(
                    "%(picking)s already has the tracking reference %(ref)s of "
                    "another carrier: clear it to book SF Express instead.",
                    picking=picking.display_name,
                    ref=picking.carrier_tracking_ref,
                )
            )

    @api.model
    def _open_booking(self, picking):
        """The booking of ``picking`` that is not cancelled (at most one)."""
        return self.sudo().search(
            [("picking_id", "=", picking.id), ("state", "!=", "cancelled")], limit=1
        )

    @api.model
    def _order_ref(self, account, picking):
        """The orderId of a delivery: the account's prefix and the
        delivery's reference (letters, digits, - and _ only), then the
        number of the booking when earlier ones were cancelled: SF never
        takes a cancelled orderId again."""
        ref = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{account.order_prefix}-{picking.name}")
        cancelled = self.sudo().search_count(
            [("picking_id", "=", picking.id), ("state", "=", "cancelled")]
        )
        return f"{ref}-{cancelled + 1}" if cancelled else ref

    @api.model
    def _create_sf_order(self, account, picking, ref):
        """The waybill of SF order ``ref``: created, or read back when SF
        already has it (8016, e.g. after a timeout)."""
        payload = self._order_payload(account, picking, ref)
        try:
            try:
                data = account._call(sf_protocol.SERVICE_CREATE_ORDER, payload)
            except sf_protocol.SfError as exc:
                if exc.code != sf_protocol.ERROR_DUPLICATE_ORDER:
                    raise
                data = account._call(
                    sf_protocol.SERVICE_SEARCH_ORDER,
                    {"orderId": ref, "searchType": "1", "language": "zh-CN"},
                )
        except sf_protocol.SfError as exc:
            if exc.transient:
                raise UserError(
                    self.env._(
                        "SF Express could not be reached to book %(picking)s "
                        "(%(error)s). Nothing was recorded: book it again "
                        "later; SF never books the same delivery twice.",
                        picking=picking.display_name,
                        error=str(exc),
                    )
                ) from exc
            raise UserError(
                self.env._(
                    "SF Express refused the booking of %(picking)s: %(error)s. "
                    "Nothing was booked: correct the delivery or the SF account "
                    "and book it again.",
                    picking=picking.display_name,
                    error=str(exc),
                )
            ) from exc
        waybills = [
            info
            for info in data.get("waybillNoInfoList") or []
            if info.get("waybillNo")
        ]
        # The main waybill (waybillType 1) first.
        waybills.sort(key=lambda info: str(info.get("waybillType", 1)) != "1")
        if not waybills:
            raise UserError(
                self.env._(
                    "SF Express accepted order %(ref)s of %(picking)s without a "
                    "waybill number: book it again in a few minutes.",
                    ref=ref,
                    picking=picking.display_name,
                )
            )
        return waybills[0]["waybillNo"]

    @api.model
    def _order_payload(self, account, picking, ref):
        """msgData of EXP_RECE_CREATE_ORDER: the store sends, the online
        order's delivery address receives."""
        store = picking.store_id
        sender = (
            store.partner_id
            or picking.picking_type_id.warehouse_id.partner_id
            or picking.company_id.partner_id
        )
        receiver = picking.partner_id
        cargo = [
            {
                "name": (move.product_id.name or move.name or "")[:60],
                "count": move.product_uom_qty,
                "unit": move.product_uom.name or "",
                "amount": move.sale_line_id.price_unit or 0.0,
                "currency": picking.company_id.currency_id.name or "CNY",
            }
            for move in picking.move_ids
            if move.state != "cancel"
        ]
        payload = {
            "language": "zh-CN",
            "orderId": ref,
            "monthlyCard": account.monthly_card or "",
            "expressTypeId": account.express_type_id,
            "payMethod": int(account.pay_method),
            "parcelQty": 1,
            "cargoDetails": cargo,
            "contactInfoList": [
                self._contact(sender, SENDER, picking, store.display_name),
                self._contact(receiver, RECEIVER, picking),
            ],
        }
        return payload

    @api.model
    def _contact(self, partner, contact_type, picking, company_name=None):
        phone = partner.mobile or partner.phone
        address = " ".join(filter(None, (partner.street, partner.street2)))
        if not partner or not phone or not address or not partner.city:
            who = (
                self.env._("sender (the store's address)")
                if contact_type == SENDER
                else self.env._("receiver (the delivery address)")
            )
            raise UserError(
                self.env._(
                    "The %(who)s of %(picking)s needs a street, a city and a "
                    "phone number for SF Express: complete %(partner)s.",
                    who=who,
                    picking=picking.display_name,
                    partner=partner.display_name or "-",
                )
            )
        return {
            "contactType": contact_type,
            "company": company_name or partner.commercial_company_name or "",
            "contact": partner.name,
            "mobile": partner.mobile or "",
            "tel": partner.phone or "",
            "country": partner.country_id.code or "CN",
            "province": partner.state_id.name or "",
            "city": partner.city,
            "address": address,
            "postCode": partner.zip or "",
        }

    def _update_order_shipment(self):
        """The order's shipment, as the integration's technical user."""
        self.ensure_one()
        order = self.sale_order_id.sudo()
        account = self.account_id
        # A delivery of another store without a reference would take this
        # waybill (multistore_api_omnichannel): the order's reference waits
        # until every open delivery has its own.
        open_without_ref = order.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.state not in ("done", "cancel")
                and not p.carrier_tracking_ref
            )
        )
        refs = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        ).mapped("carrier_tracking_ref")
        tracking_ref = None if open_without_ref else ", ".join(filter(None, refs))
        order.with_env(account.integration_id._api_env())._api_update_shipment(
            carrier=account.carrier_name, tracking_ref=tracking_ref
        )

    # ------------------------------------------------------------------
    # Label (callers checked the user's role for the booking's store)
    # ------------------------------------------------------------------
    def _print_label(self):
        """Fetch the label of this booking's waybill from SF's cloud print
        and keep it on the delivery: the attachment. Nothing is attached
        unless SF rendered the label and its PDF was downloaded."""
        self.ensure_one()
        self._check_printable()
        account = self.account_id.sudo()
        template = (account.label_template or "").strip()
        waybill = self.waybill_no
        if not template:
            raise UserError(
                self.env._(
                    "SF account %(account)s has no label template: a chain "
                    "manager must enter it (e.g. fm_150_standard_%(partner)s).",
                    account=account.display_name,
                    partner=account.partner_code or "",
                )
            )
        try:
            data = account._call(
                sf_protocol.SERVICE_CLOUD_PRINT,
                sf_protocol.label_payload(template, waybill),
            )
            file = sf_protocol.label_file(data, waybill)
            content = account._download_label(file["url"], file.get("token"))
        except sf_protocol.SfError as exc:
            raise self._label_error(exc, template) from exc
        attachment = self._store_label(content)
        self.picking_id.message_post(
            body=self.env._(
                "SF Express label of waybill %(waybill)s printed (template "
                "%(template)s).",
                waybill=waybill,
                template=template,
            ),
            attachment_ids=attachment.ids,
        )
        return attachment

    def _check_printable(self):
        self.ensure_one()
        picking = self.picking_id
        if self.state == "cancelled":
            raise UserError(
                self.env._(
                    "SF Express booking %(ref)s of %(picking)s was cancelled: "
                    "waybill %(waybill)s is void and its label must not be used. "
                    "Book the delivery again, then print the new label.",
                    ref=self.name,
                    picking=picking.display_name,
                    waybill=self.waybill_no or "-",
                )
            )
        if self.state not in ("booked", "delivered") or not self.waybill_no:
            raise UserError(
                self.env._(
                    "%(picking)s has no SF Express waybill yet: book the SF "
                    "pickup first (Book SF Pickup), then print its label.",
                    picking=picking.display_name,
                )
            )

    def _label_error(self, error, template):
        """The UserError that says what to do when the label could not be
        fetched (``error``: an SfError)."""
        if error.code == "not_pdf":
            return UserError(
                self.env._(
                    "SF Express did not send a PDF for the label of waybill "
                    "%(waybill)s (%(error)s). Nothing was attached: print it "
                    "again later; if it persists, check the label template "
                    "%(template)s of the SF account with a chain manager.",
                    waybill=self.waybill_no,
                    error=error.message,
                    template=template,
                )
            )
        if error.transient:
            return UserError(
                self.env._(
                    "SF Express could not be reached to print the label of "
                    "waybill %(waybill)s (%(error)s). Nothing was attached: "
                    "print it again later.",
                    waybill=self.waybill_no,
                    error=str(error),
                )
            )
        return UserError(
            self.env._(
                "SF Express refused the label of waybill %(waybill)s: %(error)s. "
                "Nothing was attached: a chain manager should check the label "
                "template %(template)s and the cloud print service of the SF "
                "account at SF's Open Platform, then print it again.",
                waybill=self.waybill_no,
                error=str(error),
                template=template,
            )
        )

    def _store_label(self, content):
        """The delivery's attachment SF-<waybill>.pdf, created or given the
        fresh label ``content`` (one label file per waybill)."""
        self.ensure_one()
        picking = self.picking_id
        name = self._label_name(self.waybill_no)
        Attachment = self.env["ir.attachment"]
        attachment = self._label_attachment(self.waybill_no)
        vals = {"raw": content, "mimetype": "application/pdf"}
        if attachment:
            attachment.write(vals)
            return attachment
        return Attachment.create(
            {
                **vals,
                "name": name,
                "res_model": picking._name,
                "res_id": picking.id,
                "type": "binary",
            }
        )

    @api.model
    def _label_name(self, waybill):
        return f"SF-{waybill}.pdf"

    def _label_attachment(self, waybill):
        """The label file of ``waybill`` kept on this booking's delivery."""
        self.ensure_one()
        if not waybill:
            return self.env["ir.attachment"]
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", self.picking_id._name),
                ("res_id", "=", self.picking_id.id),
                ("name", "=", self._label_name(waybill)),
            ],
            limit=1,
        )

    # ------------------------------------------------------------------
    # Cancellation (callers checked the user's role for the booking's store)
    # ------------------------------------------------------------------
    def _cancel_at_sf(self):
        """Cancel this booking at SF, then void its waybill here; SF's
        refusal or an unreachable SF changes nothing."""
        self.ensure_one()
        self._check_cancellable()
        try:
            try:
                data = self.account_id._call(
                    sf_protocol.SERVICE_UPDATE_ORDER,
                    {
                        "orderId": self.name,
                        "dealType": sf_protocol.DEAL_CANCEL,
                        "language": "zh-CN",
                    },
                )
            except sf_protocol.SfError as exc:
                # Cancelled before (e.g. the answer to an earlier click was
                # lost): what this click asks for is done.
                if exc.code not in sf_protocol.ERRORS_ALREADY_CANCELLED:
                    raise
            else:
                status = data.get("resStatus")
                if status is not None and str(status) != sf_protocol.RES_STATUS_OK:
                    raise sf_protocol.SfError(
                        f"resStatus {status}",
                        self.env._("the order and the waybill do not match at SF"),
                    )
        except sf_protocol.SfError as exc:
            if exc.transient:
                raise UserError(
                    self.env._(
                        "SF Express could not be reached to cancel waybill "
                        "%(waybill)s (%(error)s). Nothing changed: cancel it "
                        "again later.",
                        waybill=self.waybill_no,
                        error=str(exc),
                    )
                ) from exc
            raise UserError(
                self.env._(
                    "SF Express refused to cancel waybill %(waybill)s of "
                    "%(picking)s: %(error)s. Nothing changed: if the courier "
                    "already took the parcel, ask SF's customer service (95338) "
                    "to intercept it.",
                    waybill=self.waybill_no,
                    picking=self.picking_id.display_name,
                    error=str(exc),
                )
            ) from exc
        waybill = self.waybill_no
        self.write(
            {
                "state": "cancelled",
                "cancelled_date": fields.Datetime.now(),
                "error": False,
            }
        )
        picking = self.picking_id
        picking.carrier_tracking_ref = self._without_ref(
            picking.carrier_tracking_ref, waybill
        )
        self._remove_from_order_shipment()
        # The label of a void waybill must not be stuck on the parcel.
        self._label_attachment(waybill).sudo().unlink()
        body = self.env._(
            "SF Express booking %(ref)s cancelled: waybill %(waybill)s is void. "
            "The delivery may be booked again.",
            ref=self.name,
            waybill=waybill,
        )
        self.message_post(body=body)
        picking.message_post(body=body)

    def _check_cancellable(self):
        self.ensure_one()
        picking = self.picking_id
        if self.state == "cancelled":
            raise UserError(
                self.env._(
                    "SF Express booking %(ref)s of %(picking)s is already "
                    "cancelled: book the delivery again if it must still ship.",
                    ref=self.name,
                    picking=picking.display_name,
                )
            )
        if self.state != "booked":
            raise UserError(
                self.env._(
                    "SF Express booking %(ref)s of %(picking)s is %(state)s: only "
                    "a booked pickup that the courier has not taken yet can be "
                    "cancelled.",
                    ref=self.name,
                    picking=picking.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ],
                )
            )
        if self.route_ids:
            last = self.route_ids[:1]
            raise UserError(
                self.env._(
                    "The courier already took the parcel of waybill %(waybill)s "
                    "(%(event)s): SF no longer cancels it. Ask SF's customer "
                    "service (95338) to intercept it, or take it back as a "
                    "return once delivered.",
                    waybill=self.waybill_no,
                    event=last.remark or last.op_code,
                )
            )
        if picking.state == "done":
            raise UserError(
                self.env._(
                    "%(picking)s was validated: the parcel left with the courier "
                    "and SF no longer cancels waybill %(waybill)s. Ask SF's "
                    "customer service (95338) to intercept it.",
                    picking=picking.display_name,
                    waybill=self.waybill_no,
                )
            )

    @api.model
    def _without_ref(self, refs, waybill):
        """``refs`` (a reference or several, comma-separated) without
        ``waybill``."""
        kept = [ref.strip() for ref in (refs or "").split(",")]
        kept = [ref for ref in kept if ref and ref != waybill]
        return ", ".join(kept) or False

    def _remove_from_order_shipment(self):
        """The order's shipment without the cancelled waybill: the waybills
        of its other deliveries, or not shipped when none is left."""
        self.ensure_one()
        order = self.sale_order_id
        if not order or order.shipment_state == "delivered":
            return
        deliveries = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
        )
        refs = [
            ref.strip()
            for refs in deliveries.mapped("carrier_tracking_ref")
            for ref in (refs or "").split(",")
            if ref.strip()
        ]
        vals = {"shipment_tracking_ref": ", ".join(refs) or False}
        if not refs:
            # Back to what it was before the booking: an imported order
            # waits for its shipment, another order has none.
            vals.update(
                shipment_state="pending" if order.api_integration_id else False,
                shipment_carrier=False,
            )
        order._multistore_workflow_write(vals)

    # ------------------------------------------------------------------
    # Tracking
    # ------------------------------------------------------------------
    def _track(self, raise_errors=False):
        """Query SF for the routes of the booked waybills of ``self``, in
        batches per account; record new route events and deliver on
        opCode 80."""
        bookings = self.sudo().filtered(lambda b: b.state == "booked" and b.waybill_no)
        for account in bookings.account_id:
            mine = bookings.filtered(lambda b, a=account: b.account_id == a)
            for ids in split_every(sf_protocol.ROUTE_BATCH_MAX, mine.ids):
                batch = self.sudo().browse(ids)
                try:
                    data = account._call(
                        sf_protocol.SERVICE_SEARCH_ROUTES,
                        {
                            "language": "0",
                            "trackingType": "1",
                            "trackingNumber": batch.mapped("waybill_no"),
                            "methodType": "1",
                        },
                    )
                except (sf_protocol.SfError, UserError) as exc:
                    if raise_errors:
                        raise UserError(
                            self.env._(
                                "SF Express route query failed: %(error)s. Try "
                                "again later.",
                                error=str(exc),
                            )
                        ) from exc
                    batch.error = str(exc)
                    continue
                by_waybill = {b.waybill_no: b for b in batch}
                for resp in data.get("routeResps") or []:
                    booking = by_waybill.get(resp.get("mailNo"))
                    if booking:
                        booking._record_routes(resp.get("routes") or [])
        return bookings

    def _record_routes(self, routes):
        self.ensure_one()
        Route = self.env["multistore.connector.sf.route"].sudo()
        known = {(r.op_code, r.accept_time, r.remark or "") for r in self.route_ids}
        new_vals = []
        for route in routes:
            vals = {
                "booking_id": self.id,
                "op_code": str(route.get("opCode") or ""),
                "accept_time": self._parse_time(route.get("acceptTime")),
                "accept_address": route.get("acceptAddress") or "",
                "remark": route.get("remark") or "",
            }
            key = (vals["op_code"], vals["accept_time"], vals["remark"])
            if key not in known:
                known.add(key)
                new_vals.append(vals)
        if new_vals:
            Route.create(new_vals)
        last = self.route_ids.sorted(lambda r: (r.accept_time or datetime.min, r.id))
        if last:
            self.write(
                {
                    "last_route": last[-1].remark or last[-1].op_code,
                    "last_route_date": last[-1].accept_time,
                    "error": False,
                }
            )
        signed = self.route_ids.filtered(lambda r: r.op_code == sf_protocol.OP_SIGNED)
        if signed and self.state == "booked":
            self._mark_delivered(signed.sorted("accept_time")[:1].accept_time)

    @api.model
    def _parse_time(self, text):
        if not text:
            return False
        try:
            local = datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return False
        return SF_TZ.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _mark_delivered(self, signed_on):
        """Signed for: the booking is delivered, and the order once every
        delivery of it was signed for (the order is delivered once)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.write(
                    {
                        "state": "delivered",
                        "delivered_date": signed_on or fields.Datetime.now(),
                        "error": False,
                    }
                )
                order = self.sale_order_id.sudo()
                deliveries = order.picking_ids.filtered(
                    lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
                )
                signed = self.sudo().search(
                    [
                        ("picking_id", "in", deliveries.ids),
                        ("state", "=", "delivered"),
                    ]
                )
                if (
                    signed.picking_id == deliveries
                    and order.state == "sale"
                    and order.shipment_state != "delivered"
                ):
                    order.with_env(
                        self.account_id.integration_id._api_env()
                    )._api_update_shipment(delivered=True)
                self.message_post(
                    body=self.env._(
                        "Waybill %(waybill)s signed for: delivered.",
                        waybill=self.waybill_no,
                    )
                )
        except (UserError, ValidationError, AccessError) as exc:
            _logger.info("SF booking %s: delivery not recorded: %s", self.name, exc)
            self.error = str(exc)

    @api.model
    def _cron_track(self):
        self.sudo().search([("state", "=", "booked")])._track()

    @api.model
    def _cron_auto_book(self):
        """Book the ready online deliveries of the stores of the accounts
        that book automatically; a failure is kept on its booking."""
        accounts = (
            self.env["multistore.connector.sf.account"]
            .sudo()
            .search([("auto_book", "=", True)])
        )
        if not accounts:
            return
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("multistore_online_order", "=", True),
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "=", "assigned"),
                    ("carrier_tracking_ref", "=", False),
                    ("store_id", "in", accounts.integration_id.store_ids.ids),
                    ("sale_id.pickup_store_id", "=", False),
                ]
            )
        )
        # A delivery whose booking was cancelled is booked again by hand.
        pickings -= (
            self.sudo()
            .search([("picking_id", "in", pickings.ids), ("state", "=", "cancelled")])
            .picking_id
        )
        for picking in pickings:
            try:
                with self.env.cr.savepoint():
                    self._book(picking)
            except (UserError, ValidationError, AccessError) as exc:
                self._record_failure(picking, accounts, exc)

    @api.model
    def _record_failure(self, picking, accounts, error):
        account = accounts.filtered(
            lambda a: picking.store_id in a.integration_id.store_ids
        )[:1]
        booking = self._open_booking(picking)
        if booking:
            booking.write({"state": "failed", "error": str(error)})
            return booking
        return self.sudo().create(
            {
                "name": self._order_ref(account, picking),
                "account_id": account.id,
                "picking_id": picking.id,
                "sale_order_id": picking.sale_id.id,
                "store_id": picking.store_id.id,
                "company_id": picking.company_id.id,
                "state": "failed",
                "error": str(error),
            }
        )
