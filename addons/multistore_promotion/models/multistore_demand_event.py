from odoo import api, fields, models
from odoo.exceptions import UserError


class MultistoreDemandEvent(models.Model):
    """The demand event a promotion of the calendar keeps for the forecast.

    Written by the promotion (``loyalty.program``), which rewrites it when
    its dates, stores, rules or uplift change, and removes it when the
    promotion is archived, taken off the calendar or deleted: change the
    promotion, not its event. A direct change would be undone by the next
    change of the promotion, so it is refused.
    """

    _inherit = "multistore.demand.event"

    promotion_program_id = fields.Many2one(
        "loyalty.program",
        string="Promotion",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The promotion of the calendar this event comes from.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("promotion_program_id") for vals in vals_list
        ):
            self._multistore_refuse_promotion_event()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and (
            "promotion_program_id" in vals or self.filtered("promotion_program_id")
        ):
            self._multistore_refuse_promotion_event()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_promotion(self):
        if not self.env.su and self.filtered("promotion_program_id"):
            self._multistore_refuse_promotion_event()

    def _multistore_refuse_promotion_event(self):
        raise UserError(
            self.env._(
                "This demand event belongs to a promotion of the promotion "
                "calendar: change the promotion's dates, stores or expected "
                "uplift instead (Promotions > Promotion Calendar)."
            )
        )
