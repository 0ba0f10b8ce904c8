from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class MultistoreBudget(models.Model):
    """What a store plans to sell or spend in a month.

    One amount per store, month and line (revenue or expenses), compared
    with the actual figures in the budget vs actual report. The month is
    kept as its first day so that budgets and actuals join on one date.
    """

    _name = "multistore.budget"
    _description = "Store Budget"
    _inherit = ["mail.thread"]
    _order = "date desc, store_id, line_type"
    _check_company_auto = True

    @api.model
    def _default_date(self):
        return fields.Date.context_today(self).replace(day=1)

    name = fields.Char(compute="_compute_name", store=True)
    store_id = fields.Many2one(
        "multistore.store",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user.store_id,
    )
    company_id = fields.Many2one(
        related="store_id.company_id", store=True, readonly=True
    )
    date = fields.Date(
        string="Month",
        required=True,
        default=_default_date,
        tracking=True,
        help="Any day of the month: the budget is kept on its first day.",
    )
    line_type = fields.Selection(
        [("revenue", "Revenue"), ("expense", "Operating Expenses")],
        string="Line",
        required=True,
        default="revenue",
        tracking=True,
    )
    amount = fields.Float(digits="Product Price", required=True, tracking=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "store_date_line_uniq",
            "unique(store_id, date, line_type)",
            (
                "This store already has a budget for this month and line: "
                "change that budget instead of adding another."
            ),
        ),
    ]

    @api.depends("store_id", "date", "line_type")
    def _compute_name(self):
        lines = dict(self._fields["line_type"]._description_selection(self.env))
        for budget in self:
            budget.name = " / ".join(
                filter(
                    None,
                    [
                        budget.store_id.code,
                        budget.date and budget.date.strftime("%Y-%m"),
                        lines.get(budget.line_type),
                    ],
                )
            )

    @api.constrains("amount")
    def _check_amount(self):
        for budget in self:
            if budget.amount < 0:
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s is negative: enter expenses as a "
                        "positive amount on an expenses line.",
                        budget=budget.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_computed_vals(vals)
            self._normalize_date(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_computed_vals(vals)
        self._normalize_date(vals)
        return super().write(vals)

    @api.model
    def _check_computed_vals(self, vals):
        """Refuse the name and company from a client: both follow the store,
        month and line (the form shows neither as editable)."""
        if self.env.su:
            return
        computed = {"name", "company_id"}.intersection(vals)
        if computed:
            raise UserError(
                self.env._(
                    "%(fields)s of a budget follow its store, month and line: "
                    "change those instead.",
                    fields=", ".join(
                        sorted(
                            self._fields[name].get_description(self.env)["string"]
                            for name in computed
                        )
                    ),
                )
            )

    @api.model
    def _normalize_date(self, vals):
        value = vals.get("date")
        if not value:
            return
        try:
            month = fields.Date.to_date(value)
        except (TypeError, ValueError):
            month = None
        if not month:
            raise ValidationError(
                self.env._(
                    "%(value)s is not a month of a budget: enter a real date "
                    "(YYYY-MM-DD), any day of the month.",
                    value=str(value)[:40],
                )
            )
        vals["date"] = month.replace(day=1)
