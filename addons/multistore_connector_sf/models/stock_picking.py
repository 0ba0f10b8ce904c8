from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    multistore_sf_booking_ids = fields.One2many(
        "multistore.connector.sf.booking", "picking_id", string="SF Bookings"
    )
    multistore_sf_state = fields.Selection(
        [
            ("failed", "Not booked"),
            ("booked", "Booked"),
            ("delivered", "Delivered"),
            ("cancelled", "Cancelled"),
        ],
        string="SF Express",
        compute="_compute_multistore_sf_state",
    )

    @api.depends("multistore_sf_booking_ids.state")
    def _compute_multistore_sf_state(self):
        # The booking follows its delivery's store rule: whoever reads the
        # delivery may know its booking's state: the booking that is not
        # cancelled, else "cancelled" when every booking was.
        for picking in self:
            bookings = picking.sudo().multistore_sf_booking_ids
            open_booking = bookings.filtered(lambda b: b.state != "cancelled")[:1]
            picking.multistore_sf_state = open_booking.state or (
                "cancelled" if bookings else False
            )

    def action_multistore_sf_book(self):
        """Book an SF Express pickup for these deliveries of online orders
        (store staff of their stores); booking twice books once."""
        Booking = self.env["multistore.connector.sf.booking"]
        for picking in self:
            picking._multistore_check_store_role(
                picking.store_id, action=self.env._("book SF Express pickups")
            )
            Booking._book(picking)
        return True

    def action_multistore_sf_track(self):
        """Ask SF where the parcels of these deliveries are."""
        for picking in self:
            picking._multistore_check_store_role(
                picking.store_id, action=self.env._("track SF waybills")
            )
        self.sudo().multistore_sf_booking_ids._track(raise_errors=True)
        return True

    def action_multistore_sf_cancel(self):
        """Cancel the SF Express pickup of these deliveries (store staff of
        their stores), before the courier took the parcel."""
        Booking = self.env["multistore.connector.sf.booking"]
        for picking in self:
            picking._multistore_check_store_role(
                picking.store_id, action=self.env._("cancel SF Express bookings")
            )
            booking = Booking._open_booking(picking)
            if not booking:
                raise UserError(
                    self.env._(
                        "%(picking)s has no SF Express booking to cancel: book "
                        "it first, or it was cancelled already.",
                        picking=picking.display_name,
                    )
                )
            booking._cancel_at_sf()
        return True

    def action_multistore_sf_print_label(self):
        """Fetch the SF waybill label of this delivery and download it
        (store staff of its store); it is kept on the delivery."""
        self.ensure_one()
        self._multistore_check_store_role(
            self.store_id, action=self.env._("print SF waybill labels")
        )
        Booking = self.env["multistore.connector.sf.booking"]
        booking = Booking._open_booking(self)
        if not booking:
            cancelled = self.sudo().multistore_sf_booking_ids
            raise UserError(
                self.env._(
                    "%(picking)s has no SF Express booking: its waybill was "
                    "cancelled (void). Book SF Pickup again, then print the new "
                    "label.",
                    picking=self.display_name,
                )
                if cancelled
                else self.env._(
                    "%(picking)s has no SF Express booking: book the SF pickup "
                    "first (Book SF Pickup), then print its label.",
                    picking=self.display_name,
                )
            )
        # _open_booking reads as superuser: the role was checked above.
        attachment = booking._print_label()
        return Booking._label_download_action(attachment)
