from odoo import api, fields, models


class MultistoreReturnReason(models.Model):
    """Why a customer brings goods back, one list for the whole chain.

    Chain master data, as products and price lists are: every store reads the
    same reasons (so that returns are comparable between stores), only chain
    managers create and change them (access rights). No store rule: a reason
    belongs to no store. The tills load the active reasons (``pos.load.mixin``)
    for the cashier to choose from when refunding.
    """

    _name = "multistore.return.reason"
    _description = "Return Reason"
    _inherit = ["pos.load.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short code of the reason, unique in the chain (reports, integrations).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True, help="When to choose this reason, for store staff."
    )

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            (
                "Another return reason already has this code: give each reason "
                "its own code."
            ),
        ),
    ]

    @api.model
    def _load_pos_data_domain(self, data):
        return [("active", "=", True)]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "name", "code", "sequence", "description"]
