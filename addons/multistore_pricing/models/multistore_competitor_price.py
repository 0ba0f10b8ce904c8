from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MultistoreCompetitorPrice(models.Model):
    """A price seen at a competitor near one of our stores.

    Our store's price on the observation date is kept beside it, so the gap
    reads as it was when the price was observed.
    """

    _name = "multistore.competitor.price"
    _description = "Competitor Price"
    _order = "date desc, id desc"
    # Computed from the price lists when the observation is recorded: our
    # price and the gap are never typed in.
    _multistore_workflow_fields = ("our_price", "gap_percent", "is_latest")

    competitor_id = fields.Many2one("res.partner", required=True, index=True)
    product_id = fields.Many2one("product.product", required=True, index=True)
    store_id = fields.Many2one(
        "multistore.store",
        required=True,
        index=True,
        help="Our store whose area the competitor is in.",
    )
    price = fields.Float(digits="Product Price", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    our_price = fields.Float(
        digits="Product Price",
        compute="_compute_our_price",
        store=True,
        help="Our store's price on the observation date.",
    )
    gap_percent = fields.Float(
        string="Gap (%)",
        compute="_compute_our_price",
        store=True,
        aggregator="avg",
        help="How much dearer (+) or cheaper (-) our store is than the competitor.",
    )
    is_latest = fields.Boolean(
        string="Latest",
        compute="_compute_is_latest",
        store=True,
        help="The latest observation of this competitor, product and store.",
    )
    note = fields.Char()

    @api.depends("product_id", "store_id", "date", "price")
    def _compute_our_price(self):
        for record in self:
            pricelist = record.store_id.pricelist_id
            if pricelist and record.product_id:
                our = pricelist._get_product_price(
                    record.product_id, 1.0, date=record.date
                )
            else:
                our = record.product_id.lst_price
            record.our_price = our
            record.gap_percent = (
                (our - record.price) / record.price * 100 if record.price else 0.0
            )

    @api.depends("competitor_id", "product_id", "store_id", "date")
    def _compute_is_latest(self):
        keys = {(r.competitor_id.id, r.product_id.id, r.store_id.id) for r in self}
        siblings = self.search(
            [
                ("competitor_id", "in", [k[0] for k in keys]),
                ("product_id", "in", [k[1] for k in keys]),
                ("store_id", "in", [k[2] for k in keys]),
            ],
            order="date desc, id desc",
        )
        latest = {}
        for record in siblings | self:
            key = (record.competitor_id.id, record.product_id.id, record.store_id.id)
            best = latest.get(key)
            if not best or (record.date, record.id) > (best.date, best.id):
                latest[key] = record
        for record in siblings | self:
            key = (record.competitor_id.id, record.product_id.id, record.store_id.id)
            record.is_latest = latest[key] == record

    @api.constrains("price")
    def _check_price(self):
        if any(record.price <= 0 for record in self):
            raise ValidationError(
                self.env._("A competitor price must be greater than zero.")
            )
