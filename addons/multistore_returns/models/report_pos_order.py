from odoo import fields, models


class ReportPosOrder(models.Model):
    """Till sales analysis by return reason (refunds)."""

    _inherit = "report.pos.order"

    multistore_return_reason_id = fields.Many2one(
        "multistore.return.reason", string="Return Reason", readonly=True
    )

    def _select(self):
        return (
            super()._select()
            + ",\n                s.multistore_return_reason_id"
            + " AS multistore_return_reason_id"
        )
