from odoo import fields, models


class MultistoreReturnReason(models.Model):
    """Why a customer brings goods back, one list for the whole chain.

    Chain master data, as products and price lists are: every store reads the
    same reasons (so that returns are comparable between stores), only chain
    managers create and change them (access rights). No store rule: a reason
    belongs to no store.
    """

    _name = "multistore.return.reason"
    _description = "Return Reason"
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
