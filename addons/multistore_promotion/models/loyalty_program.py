from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Program types a chain runs as dated promotions: automatic promotions
# (thresholds, free shipping online, discounts), buy X get Y, coupons for the
# next order, promo codes. Loyalty cards, gift cards and eWallets are not
# promotions: they have no calendar.
PROMOTION_TYPES = ("promotion", "buy_x_get_y", "next_order_coupons", "promo_code")


class LoyaltyProgram(models.Model):
    """A promotion of the chain on the promotion calendar.

    The participating stores are ``store_ids`` of multistore_loyalty: the
    tills of other stores do not load the program (``pos.config
    ._get_program_ids``) and the quotations of other stores refuse it; no
    store listed means every store. A promotion on the calendar has dates,
    and while it is active it keeps one demand event
    (``multistore.demand.event``, of multistore_forecast) with its dates, its
    stores and the products of its rules, so that the forecast neither learns
    from the promotion's spike nor forgets it when planning those days.
    """

    _inherit = "loyalty.program"

    multistore_on_calendar = fields.Boolean(
        string="On Promotion Calendar",
        help="Show the promotion on the chain's promotion calendar and tell "
        "the demand forecast about it. Needs start and end dates.",
    )
    multistore_uplift = fields.Float(
        string="Expected Uplift",
        default=1.5,
        digits=(16, 2),
        help="Expected demand of the promoted products during the promotion, "
        "as a multiple of normal demand (1.5 = half again as much): the "
        "demand forecast plans the promotion's days with it.",
    )
    multistore_demand_event_ids = fields.One2many(
        "multistore.demand.event",
        "promotion_program_id",
        string="Demand Events",
        readonly=True,
    )
    multistore_my_store = fields.Boolean(
        string="In My Stores",
        compute="_compute_multistore_my_store",
        search="_search_multistore_my_store",
        help="Runs in one of your stores (or in every store).",
    )

    def _compute_multistore_my_store(self):
        stores = self.env.user.store_ids
        for program in self:
            program.multistore_my_store = not program.store_ids or bool(
                program.store_ids & stores
            )

    @api.model
    def _search_multistore_my_store(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(
                self.env._("Search promotions of your stores with = True only.")
            )
        domain = [
            "|",
            ("store_ids", "=", False),
            ("store_ids", "in", self.env.user.store_ids.ids),
        ]
        if (operator == "=") != value:
            return ["!", *domain]
        return domain

    @api.constrains("multistore_on_calendar", "date_from", "date_to", "program_type")
    def _check_multistore_calendar(self):
        for program in self.filtered("multistore_on_calendar"):
            if program.program_type not in PROMOTION_TYPES:
                raise ValidationError(
                    self.env._(
                        "%(program)s is not a promotion (loyalty cards, gift "
                        "cards and eWallets have no dates): untick On "
                        "Promotion Calendar.",
                        program=program.name,
                    )
                )
            if not program.date_from or not program.date_to:
                raise ValidationError(
                    self.env._(
                        "Promotion %(program)s is on the promotion calendar: "
                        "set its start and end dates (Validity), or untick On "
                        "Promotion Calendar.",
                        program=program.name,
                    )
                )
            if program.date_to < program.date_from:
                raise ValidationError(
                    self.env._(
                        "Promotion %(program)s ends on %(end)s, before it "
                        "starts on %(start)s: set an end date on or after "
                        "the start date.",
                        program=program.name,
                        end=program.date_to,
                        start=program.date_from,
                    )
                )

    @api.constrains("multistore_uplift")
    def _check_multistore_uplift(self):
        for program in self:
            if program.multistore_uplift <= 0:
                raise ValidationError(
                    self.env._(
                        "The expected uplift of %(program)s is %(uplift)s: it "
                        "must be above 0 (1 means normal demand, 1.5 half "
                        "again as much).",
                        program=program.name,
                        uplift=program.multistore_uplift,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        programs = super().create(vals_list)
        programs._multistore_sync_demand_events()
        return programs

    def write(self, vals):
        res = super().write(vals)
        if set(vals) & self._multistore_event_fields():
            self._multistore_sync_demand_events()
        return res

    @api.model
    def _multistore_event_fields(self):
        """Fields of a program its demand event is built from."""
        return {
            "name",
            "active",
            "multistore_on_calendar",
            "multistore_uplift",
            "date_from",
            "date_to",
            "store_ids",
            "company_id",
            "rule_ids",
            "program_type",
        }

    def _multistore_sync_demand_events(self):
        """Create, update or remove the demand event of each program.

        sudo(): the demand events are the forecast's, which marketing users
        who plan promotions do not manage; whoever may change the program
        (checked by the ORM on the program's create/write) moves its event,
        and only the events of these programs are touched.
        """
        Event = self.env["multistore.demand.event"].sudo()
        for program in self.sudo().with_context(active_test=False):
            events = program.multistore_demand_event_ids
            if not program._multistore_needs_event():
                events.unlink()
                continue
            vals = program._multistore_demand_event_vals()
            if events:
                events[1:].unlink()
                events[:1].write(vals)
            else:
                Event.create(vals)

    def _multistore_needs_event(self):
        self.ensure_one()
        return bool(
            self.active
            and self.multistore_on_calendar
            and self.date_from
            and self.date_to
            and self.program_type in PROMOTION_TYPES
        )

    def _multistore_demand_event_vals(self):
        """The demand event of the promotion: its dates, stores (none: every
        store) and the products of its rules (a rule on every product, or
        a product domain we cannot read as products: every product)."""
        self.ensure_one()
        products = self.env["product.product"]
        categs = self.env["product.category"]
        every_product = False
        for rule in self.rule_ids:
            if rule.product_ids or rule.product_category_id:
                products |= rule.product_ids
                categs |= rule.product_category_id
            else:
                every_product = True
        if every_product or not self.rule_ids:
            products = self.env["product.product"]
            categs = self.env["product.category"]
        return {
            "name": self.name,
            "event_type": "promotion",
            "date_from": self.date_from,
            "date_to": self.date_to,
            "store_ids": [fields.Command.set(self.store_ids.ids)],
            "product_ids": [fields.Command.set(products.ids)],
            "categ_ids": [fields.Command.set(categs.ids)],
            "uplift": self.multistore_uplift,
            "company_id": (self.company_id or self.env.company).id,
            "promotion_program_id": self.id,
        }
