import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_unique_product_code = fields.Boolean(
        related="company_id.multistore_unique_product_code", readonly=False
    )

    @api.model
    def _multistore_setting(self, name):
        """The value of setting ``name``, a field bound to a system parameter.

        The parameter when it is set, else the field's default: the settings
        screen and the code read the same value, and the default is written
        once, on the field (every Multistore addon reads its settings so).
        """
        field = self._fields[name]
        default = field.default(self) if field.default else False
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(field.config_parameter, default)
        )
        convert = {"integer": int, "float": float}.get(field.type)
        if not convert:
            return value
        try:
            return convert(value)
        except (TypeError, ValueError):
            _logger.warning(
                "System parameter %s is %r, not a number: using %r",
                field.config_parameter,
                value,
                default,
            )
            return default

    def action_multistore_duplicate_codes(self):
        """The products whose internal references are shared, to fix them."""
        self.ensure_one()
        clashes = self.env["product.product"]._multistore_duplicate_codes(
            self.company_id
        )
        ids = [pid for products in clashes.values() for pid in products.ids]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Shared Internal References"),
            "res_model": "product.product",
            "view_mode": "list,form",
            "domain": [("id", "in", ids)],
            "context": {"active_test": False, "group_by": "default_code"},
        }
