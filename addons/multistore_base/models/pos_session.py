from odoo import api, fields, models


class PosSession(models.Model):
    _inherit = "pos.session"

    # A session that sold stays in its store (see models/base.py).
    _multistore_store_locked_states = ("opened", "closing_control", "closed")

    store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_store_id",
        store=True,
        index=True,
        precompute=True,
    )

    @api.depends("config_id")
    def _compute_store_id(self):
        for session in self:
            session.store_id = session.config_id.store_id
