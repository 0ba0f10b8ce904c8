from odoo import api, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        """Expose the stores a rule limits the user to.

        ``store_ids`` is the list of the user's allowed stores when the user
        is store-restricted (store staff or store manager, not chain manager),
        and None otherwise. Store rules are global (AND-ed with every other
        rule) so that Odoo's own "all documents" group rules cannot widen
        them; ``None`` lets unrestricted users through.
        """
        context = super()._eval_context()
        user = self.env.user
        context["store_ids"] = (
            user.store_ids.ids if user._is_store_restricted() else None
        )
        return context
