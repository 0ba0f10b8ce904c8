import importlib
import re

from odoo import api, models
from odoo.exceptions import UserError

# Addons whose demo data may be generated: the chain's own addons only.
DEMO_ADDON_PATTERN = re.compile(r"multistore_[a-z0-9_]+")
# Module states in which an addon's demo data may be loaded (its own install
# or update loads it while the module is still "to install"/"to upgrade").
DEMO_ADDON_STATES = ("installed", "to install", "to upgrade")


class MultistoreStore(models.Model):
    # One concern of the model per file, on purpose (see multistore_store.py).
    _inherit = "multistore.store"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _multistore_demo_generate(self, addon):
        """Run ``generate(env)`` of ``addons/<addon>/demo/demo_data.py``.

        Called from an addon's demo XML::

            <function model="multistore.store"
                      name="_multistore_demo_generate" eval="['<addon>']"/>

        Demo generators are plain functions, not models: nothing of them is
        registered in a database without demo data. Only installed (or
        installing) ``multistore_*`` addons are accepted.
        """
        if not isinstance(addon, str) or not DEMO_ADDON_PATTERN.fullmatch(addon):
            raise UserError(
                self.env._(
                    "Demo data can only be generated for a Multistore addon "
                    "(a name starting with multistore_), not %(addon)s.",
                    addon=addon,
                )
            )
        module = (
            self.env["ir.module.module"]
            .sudo()
            .search([("name", "=", addon), ("state", "in", DEMO_ADDON_STATES)])
        )
        if not module:
            raise UserError(
                self.env._(
                    "Demo data can only be generated for an installed addon: "
                    "install %(addon)s first.",
                    addon=addon,
                )
            )
        demo_data = importlib.import_module(f"odoo.addons.{addon}.demo.demo_data")
        return demo_data.generate(self.env)
