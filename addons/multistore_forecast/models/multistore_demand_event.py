from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class MultistoreDemandEvent(models.Model):
    """A known period of unusual demand: a promotion, a holiday, a local fair.

    The demand forecast learns nothing from the sales of an event's days (a
    promotion spike must not raise the normal level) and multiplies its
    forecast of future event days by the event's uplift. An event applies to
    the listed stores (none listed: every store) and to the listed products
    and the products of the listed categories (none listed: every product).
    """

    _name = "multistore.demand.event"
    _description = "Demand Event"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True)
    event_type = fields.Selection(
        [
            ("promotion", "Promotion"),
            ("holiday", "Holiday"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="promotion",
    )
    date_from = fields.Date(string="From", required=True, index=True)
    date_to = fields.Date(string="To", required=True, index=True)
    store_ids = fields.Many2many(
        "multistore.store",
        string="Stores",
        check_company=True,
        help="Stores where the event happens; leave empty for every store.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        help="Products the event concerns. Leave both products and categories "
        "empty for every product.",
    )
    categ_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="The event concerns the products of these categories and of "
        "their subcategories.",
    )
    uplift = fields.Float(
        required=True,
        default=1.5,
        digits=(16, 2),
        help="Expected demand during the event as a multiple of normal demand "
        "(1.5 = half again as much, 0.5 = half as much).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    note = fields.Text()

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for event in self:
            if event.date_to < event.date_from:
                raise ValidationError(
                    self.env._(
                        "The demand event %(event)s ends on %(end)s, before it "
                        "starts on %(start)s: set an end date on or after the "
                        "start date.",
                        event=event.name,
                        end=event.date_to,
                        start=event.date_from,
                    )
                )

    @api.constrains("uplift")
    def _check_uplift(self):
        for event in self:
            if event.uplift <= 0:
                raise ValidationError(
                    self.env._(
                        "The uplift of demand event %(event)s is %(uplift)s: it "
                        "must be above 0 (1 means normal demand, 1.5 half again "
                        "as much).",
                        event=event.name,
                        uplift=event.uplift,
                    )
                )

    def write(self, vals):
        self._check_own_events()
        return super().write(vals)

    def _check_own_events(self):
        """A store manager changes only events whose stores are all theirs.

        The group rule says the same; this says it in words. An event of
        every store (no store listed) or shared with another store is the
        chain's: only chain managers change it.
        """
        user = self.env.user
        if self.env.su or not user._is_store_restricted():
            return
        for event in self:
            if event.store_ids and not event.store_ids - user.store_ids:
                continue
            raise AccessError(
                self.env._(
                    "Demand event %(event)s concerns %(stores)s: only a chain "
                    "manager can change it. You can change the events of your "
                    "own stores (%(allowed)s).",
                    event=event.name,
                    stores=", ".join(event.store_ids.sudo().mapped("display_name"))
                    or self.env._("every store"),
                    allowed=", ".join(user.store_ids.mapped("display_name")) or "-",
                )
            )

    @api.constrains("store_ids")
    def _check_store_ids(self):
        """Store managers plan events of their own stores only."""
        user = self.env.user
        if not user._is_store_restricted():
            return
        for event in self:
            outside = event.store_ids - user.store_ids
            if not event.store_ids or outside:
                raise ValidationError(
                    self.env._(
                        "You can plan demand event %(event)s only for your own "
                        "stores (%(stores)s): list them in Stores; a chain "
                        "manager plans chain-wide events.",
                        event=event.name,
                        stores=", ".join(user.store_ids.mapped("display_name")),
                    )
                )
