from odoo import api, fields, models
from odoo.exceptions import UserError


class MultistoreWorkflowMixin(models.AbstractModel):
    """Who took each step of a store document, and when.

    A store document (transfer, stock count, points adjustment...) moves
    through steps taken with its buttons: requested, approved, shipped,
    posted... For each step ``<step>`` it records in ``date_<step>`` when
    and, when the document has the field, in ``<step>_by_id`` who took it.
    The approval is common to every such document, so its two fields are
    declared here; a document declares the fields of its other steps with
    the same names and lists its steps in ``_multistore_workflow_steps``.

    These fields are workflow fields (see ``base.py``): the document lists
    them in ``_multistore_workflow_fields`` and they change only through
    ``_multistore_workflow_step``, called by the action method after it has
    checked the user's role.
    """

    _name = "multistore.workflow.mixin"
    _description = "Store Document Steps (who and when)"

    # Steps whose date (``date_<step>``) and user (``<step>_by_id``, when
    # the document has one) the document records.
    _multistore_workflow_steps = ("approved",)

    date_approved = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    @api.model
    def _multistore_workflow_step_fields(self):
        """Names of the date and user fields of the document's steps."""
        names = []
        for step in self._multistore_workflow_steps:
            names.append(f"date_{step}")
            if f"{step}_by_id" in self._fields:
                names.append(f"{step}_by_id")
        return names

    def _multistore_workflow_step(self, step, vals=None, operation="write"):
        """Record that the current user took ``step`` now, with ``vals``.

        ``vals``: other workflow values of the step (e.g. the new state).
        Written through ``_multistore_workflow_write``: the calling action
        has checked the user's role.
        """
        if step not in self._multistore_workflow_steps:
            raise ValueError(
                f"{self._name} records no step {step!r}: add it to "
                "_multistore_workflow_steps with its date_ and _by_id fields"
            )
        stamp = dict(vals or {}, **{f"date_{step}": fields.Datetime.now()})
        if f"{step}_by_id" in self._fields:
            stamp[f"{step}_by_id"] = self.env.uid
        return self._multistore_workflow_write(stamp, operation=operation)

    def _multistore_check_state(self, *states):
        """Refuse a step unless every record is in one of ``states``."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in states:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: this step is not possible now.",
                        name=record.display_name,
                        state=labels.get(record.state, record.state),
                    )
                )
