from odoo import fields, models


class MultistoreApiScope(models.Model):
    """An operation of the REST API an integration may be allowed to use.

    The records are data of this addon (``data/multistore_api_scope_data.xml``);
    the endpoints name the ``code`` they require.
    """

    _name = "multistore.api.scope"
    _description = "API Scope"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, readonly=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "An API scope code must be unique."),
    ]
