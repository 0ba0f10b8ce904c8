from odoo import api, fields, models

# The link of an answer to its order and store: set by the invitation only.
LINK_FIELDS = ("multistore_sale_order_id", "store_id")


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    # The store of an answer is set by the invitation (a workflow field,
    # closed to direct writes), and most answers of the company's other
    # surveys have none: the new-value store check of multistore_base, which
    # would require a store of every answer a store employee creates (a test
    # entry of an internal survey), does not apply.
    _multistore_own_store_field = None

    multistore_sale_order_id = fields.Many2one(
        "sale.order",
        string="Order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The online order whose customer was invited to this satisfaction "
        "survey once they had the goods.",
    )
    store_id = fields.Many2one(
        "multistore.store",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The store the answer is about: the pickup store of a click & "
        "collect order, else the store that shipped it. Only users of this "
        "store (and chain managers) see the answer.",
    )
    multistore_rating = fields.Float(
        string="Satisfaction",
        compute="_compute_multistore_rating",
        store=True,
        aggregator="avg",
        digits=(4, 2),
        help="Average of the scale questions answered (e.g. 1 to 5) in an "
        "answer about a store: the measure stores are compared on.",
    )

    _sql_constraints = [
        (
            "multistore_sale_order_uniq",
            "UNIQUE (multistore_sale_order_id)",
            "An order gets one satisfaction survey only.",
        ),
    ]

    @api.depends(
        "store_id",
        "user_input_line_ids.answer_type",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.skipped",
    )
    def _compute_multistore_rating(self):
        for user_input in self:
            scores = [
                line.value_scale
                for line in user_input.user_input_line_ids
                if line.answer_type == "scale" and not line.skipped
            ]
            if user_input.store_id and scores:
                user_input.multistore_rating = sum(scores) / len(scores)
            else:
                user_input.multistore_rating = 0.0

    @api.model
    def _multistore_workflow_field_names(self):
        # Set when the order's invitation is created, never by a user: a
        # store could otherwise move bad answers to another store.
        return super()._multistore_workflow_field_names() | set(LINK_FIELDS)
