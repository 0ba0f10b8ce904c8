"""Guards every model gets from multistore_base (``_inherit = "base"``).

The screens of the suite hide and lock what a store employee must not touch;
these guards refuse the same things to a client that calls the server
directly (XML-RPC, JSON-RPC), for every model, in three ways:

- **values**: numbers that are not finite or absurdly large, impossible
  dates, unknown selection values, text where a number or a record id is
  expected, and over-long texts on the suite's own models get a
  ``ValidationError`` that names the field, before anything is written;
- **workflow fields**: a model lists in ``_multistore_workflow_fields`` (or
  ``_multistore_workflow_field_names``) the
  fields (state, approver, shipped quantities...) that only its action
  methods change, through ``_multistore_workflow_write``; a direct create or
  write of them is refused;
- **store of the new value**: record rules check a record before a write,
  never the value written. After a create or write by a store-restricted
  user every record must belong to one of the user's allowed stores, and the
  store of a record in one of ``_multistore_store_locked_states`` never
  changes.

Code running as superuser (``sudo()``) is trusted and not checked.
"""

import datetime
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Largest magnitude of a quantity, price or amount a user may enter.
MAX_ABS_NUMBER = 1e15
STORE_STAFF_GROUP = "multistore_base.group_store_user"
STORE_MANAGER_GROUP = "multistore_base.group_store_manager"
# PostgreSQL ``integer`` range.
MAX_INTEGER = 2**31 - 1
MAX_ABS_NUMBER_TEXT = f"{MAX_ABS_NUMBER:,.0f}"
# Longest text a user may store in a one-line field of the suite's models.
MAX_CHAR_LENGTH = 1024


class Base(models.AbstractModel):
    _inherit = "base"

    # Fields only the model's action methods change (see module docstring).
    _multistore_workflow_fields = ()
    # Values of ``state`` in which the record's store never changes.
    _multistore_store_locked_states = ()
    # The field holding the store a restricted user must belong to, checked
    # on the new value at create and write; None turns the check off (a
    # model that checks its stores itself, e.g. a transfer between stores).
    _multistore_own_store_field = "store_id"

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        # Odoo accepts any iterable of values, a generator too: read it once.
        vals_list = list(vals_list)
        for vals in vals_list:
            self._multistore_check_values(vals)
            self._multistore_check_workflow_vals(vals, creating=True)
        records = super().create(vals_list)
        records._multistore_check_store_allowed()
        return records

    def write(self, vals):
        if self.env.su or not vals:
            return super().write(vals)
        self._multistore_check_values(vals)
        self._multistore_check_workflow_vals(vals)
        store_field = self._multistore_store_field()
        locked_before = {}
        if store_field and self._multistore_store_locked_states:
            locked_before = {
                record.id: (record[store_field], record.state)
                for record in self
                if record.state in self._multistore_store_locked_states
            }
        res = super().write(vals)
        if store_field:
            for record in self:
                before, state = locked_before.get(record.id, (None, None))
                if before is not None and record[store_field] != before:
                    raise UserError(
                        self.env._(
                            "%(document)s is %(state)s: its store (%(store)s) can "
                            "no longer change. Cancel or refund it and record it "
                            "again in the right store.",
                            document=record.display_name,
                            state=dict(
                                record._fields["state"]._description_selection(self.env)
                            ).get(state, state),
                            store=before.display_name,
                        )
                    )
            self._multistore_check_store_allowed()
        return res

    # ------------------------------------------------------------------
    # Store of the new value
    # ------------------------------------------------------------------
    @api.model
    def _multistore_store_field(self):
        """Name of the store field the new-value check applies to, or None."""
        name = self._multistore_own_store_field
        field = self._fields.get(name) if name else None
        if field is None or field.type != "many2one":
            return None
        if field.comodel_name != "multistore.store":
            return None
        return name

    def _multistore_check_store_allowed(self):
        """Refuse records a store-restricted user put outside their stores."""
        store_field = self._multistore_store_field()
        if not store_field or not self or self.env.su:
            return
        user = self.env.user
        if not user._is_store_restricted():
            return
        allowed = user.store_ids
        for record in self:
            store = record[store_field]
            if store in allowed and store:
                continue
            if store:
                message = self.env._(
                    "%(document)s would belong to store %(store)s, which is not "
                    "one of your stores. Choose one of your stores: %(allowed)s.",
                    document=record.display_name or record._description,
                    store=store.sudo().display_name,
                    allowed=", ".join(allowed.mapped("display_name")) or "-",
                )
            else:
                message = self.env._(
                    "%(document)s needs a store: choose one of your stores "
                    "(%(allowed)s).",
                    document=record.display_name or record._description,
                    allowed=", ".join(allowed.mapped("display_name")) or "-",
                )
            raise AccessError(message)

    # ------------------------------------------------------------------
    # Workflow fields
    # ------------------------------------------------------------------
    @api.model
    def _multistore_workflow_field_names(self):
        """The workflow fields of the model.

        ``_multistore_workflow_fields`` of the model's own addon; an addon
        that adds workflow fields to a model another addon extends too (two
        addons on ``sale.order``) adds them here, with ``super()``, since one
        class attribute would hide the other addon's.
        """
        return set(self._multistore_workflow_fields)

    def _multistore_check_workflow_vals(self, vals, creating=False):
        protected = self._multistore_workflow_field_names().intersection(vals)
        if not protected:
            return
        if creating:
            # A new record may carry the default value (e.g. state 'draft').
            defaults = self.default_get(list(protected))
            protected = {
                name
                for name in protected
                if vals[name] and vals[name] != defaults.get(name)
            }
            if not protected:
                return
        labels = ", ".join(
            sorted(
                self._fields[name].get_description(self.env)["string"]
                for name in protected
            )
        )
        raise UserError(
            self.env._(
                "%(fields)s of a %(model)s change only through its buttons "
                "(submit, approve, ship...): use them instead of writing the "
                "values.",
                fields=labels,
                model=self._description,
            )
        )

    def _multistore_workflow_write(self, vals, operation="write"):
        """Write workflow fields from an action method.

        The calling action has checked the user's role; this checks that the
        records are within the user's access rules for ``operation`` and
        then writes as superuser, since workflow fields are closed to
        every direct write. Tracking and ``write_uid`` still name the user.
        """
        self.check_access(operation)
        return self.sudo().write(vals)

    @api.model
    def _multistore_require_group(self, xmlid, action=None):
        """Raise AccessError unless the user has group ``xmlid``."""
        if self.env.su or self.env.user.has_group(xmlid):
            return
        group = self.env.ref(xmlid)
        raise AccessError(
            self.env._(
                "Only users with the role %(group)s may %(action)s.",
                group=group.sudo().full_name,
                action=action or self.env._("do this"),
            )
        )

    def _multistore_check_store_role(self, stores, manager=False, action=None):
        """Raise AccessError unless the user may act for one of ``stores``.

        A step of a store document (approve, ship, count, post...) belongs to
        the staff or the manager of a store: the user needs the role and, when
        store-restricted, one of ``stores`` among their allowed stores. Record
        rules only say whether the user sees the document; a transfer is seen
        by both of its stores while only one of them may take each step.
        """
        self._multistore_require_group(
            STORE_MANAGER_GROUP if manager else STORE_STAFF_GROUP, action=action
        )
        user = self.env.user
        if self.env.su or not user._is_store_restricted():
            return
        if stores & user.store_ids:
            return
        role = self.env._("store manager") if manager else self.env._("store staff")
        raise AccessError(
            self.env._(
                "This step of %(name)s is for the %(role)s of %(store)s, which is "
                "not one of your stores.",
                name=", ".join(self.mapped("display_name")) or self._description,
                role=role,
                store=", ".join(stores.sudo().mapped("display_name")) or "-",
            )
        )

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------
    def _multistore_check_values(self, vals):
        """Refuse values Odoo would store as nonsense or fail on with a traceback."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is None or value is False:
                continue
            problem = self._multistore_value_problem(field, value)
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(field)s of %(model)s: %(problem)s",
                        field=field.get_description(self.env)["string"],
                        model=self._description,
                        problem=problem,
                    )
                )

    def _multistore_value_problem(self, field, value):  # noqa: C901
        _ = self.env._
        ftype = field.type
        if ftype in ("float", "monetary"):
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                return _("enter a number.")
            try:
                number = float(value)
            except ValueError:
                return _(
                    "%(value)s is not a number: enter a number.", value=str(value)[:40]
                )
            if not math.isfinite(number) or abs(number) > MAX_ABS_NUMBER:
                return _(
                    "%(value)s is not a usable amount: enter a number between "
                    "-%(max)s and %(max)s.",
                    value=str(value)[:40],
                    max=MAX_ABS_NUMBER_TEXT,
                )
        elif ftype == "integer":
            if isinstance(value, float) and not math.isfinite(value):
                return _("enter a whole number.")
            try:
                number = int(value)
            except (TypeError, ValueError):
                return _(
                    "%(value)s is not a whole number: enter one.", value=str(value)[:40]
                )
            if abs(number) > MAX_INTEGER:
                return _(
                    "%(value)s is too large: enter a smaller number.", value=number
                )
        elif ftype in ("date", "datetime"):
            if isinstance(value, (datetime.date, datetime.datetime)):
                return None
            if not isinstance(value, str):
                return _("enter a date.")
            try:
                if ftype == "date":
                    fields.Date.to_date(value)
                else:
                    fields.Datetime.to_datetime(value)
            except ValueError:
                return _(
                    "%(value)s is not a valid date: enter a real date (YYYY-MM-DD).",
                    value=value[:40],
                )
        elif ftype == "selection":
            allowed = field.get_values(self.env)
            if allowed and value not in allowed:
                return _(
                    "%(value)s is not one of the choices (%(choices)s).",
                    value=str(value)[:40],
                    choices=", ".join(str(v) for v in allowed),
                )
        elif ftype == "many2one":
            if isinstance(value, bool) or not isinstance(
                value, (int, models.BaseModel)
            ):
                return _(
                    "%(value)s is not a record: select one from the list.",
                    value=str(value)[:40],
                )
        elif ftype in ("char", "text", "html") and not isinstance(value, str):
            # Odoo writes a number or a date into a text as its text (Odoo's
            # own POS names its payments with their datetime); a list, a
            # dict or a record is nonsense.
            if isinstance(value, (int, float, datetime.date)) and not isinstance(
                value, bool
            ):
                return None
            return _("enter a text.")
        elif (
            ftype == "char"
            and self._name.startswith("multistore.")
            and len(value) > MAX_CHAR_LENGTH
        ):
            return _(
                "%(length)s characters is too long: keep it under %(max)s.",
                length=len(value),
                max=MAX_CHAR_LENGTH,
            )
        return None
