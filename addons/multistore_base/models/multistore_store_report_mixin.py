from odoo import fields, models


class MultistoreStoreReportMixin(models.AbstractModel):
    """The store columns of a report read from SQL (``_auto = False``).

    The store, its company and where it is (region and city, for filters
    and groupings). Every report inheriting it still needs its own store
    record rule (``[('store_id', 'in', store_ids)] ...``).
    """

    _name = "multistore.store.report.mixin"
    _description = "Figures per Store"

    store_id = fields.Many2one("multistore.store", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    city = fields.Char(readonly=True)
