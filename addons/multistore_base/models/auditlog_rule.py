from odoo import api, models

# Bookkeeping fields of chatter models: a tracked change posts a message,
# which would log a second, meaningless change next to the real one.
SKIPPED_FIELD_PREFIXES = ("message_", "activity_", "website_message_", "rating_")


class AuditlogRule(models.Model):
    """Operation log rules shipped as module data (data/auditlog_rule_data.xml).

    A rule record created with ``state`` "subscribed" is active: auditlog
    patches the model's create/write/unlink when the registry loads
    (``_register_hook`` on every model, in every server process) and, at
    run time, as soon as the rule is created.
    """

    _inherit = "auditlog.rule"

    def _register_hook(self):
        """Patch the logged models once every module is loaded.

        auditlog patches the model class as soon as a subscribed rule is
        created. While modules are still loading (a rule created by this
        module's data at install or update), the modules loaded afterwards
        still add their own create/write overrides, and a method patched
        then would skip them in that process. Such rules are patched at
        the end of loading instead, when Odoo calls ``_register_hook`` on
        every model with an empty recordset, as in every new server process.
        """
        if self and not self.pool.ready:
            return False
        return super()._register_hook()

    @api.model
    def get_auditlog_fields(self, model):
        return [
            name
            for name in super().get_auditlog_fields(model)
            if not name.startswith(SKIPPED_FIELD_PREFIXES)
        ]

    def create_logs(
        self,
        uid,
        res_model,
        res_ids,
        method,
        old_values=None,
        new_values=None,
        additional_log_values=None,
    ):
        """Skip the writes Odoo makes on records while creating or writing
        them (the inverse of a field given at creation writes the record
        again, e.g. a new user's groups).

        The enclosing create or write logs the final values. Logging the
        inner write would also read the record's display name while its
        fields are protected, which caches them as empty: a new user's name
        would read False for the rest of the transaction.
        """
        if method == "write" and self._multistore_protected(res_model, res_ids):
            return None
        return super().create_logs(
            uid,
            res_model,
            res_ids,
            method,
            old_values=old_values,
            new_values=new_values,
            additional_log_values=additional_log_values,
        )

    @api.model
    def _multistore_protected(self, res_model, res_ids):
        """Whether some of ``res_ids`` are being created or written."""
        protected = self.env._protected
        ids = set(res_ids)
        return any(
            field.model_name == res_model and not ids.isdisjoint(protected[field])
            for field in protected
        )
