from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MultistoreInventoryCommon

WINDOW_PARAM = "multistore_inventory.stockout_window_days"


@tagged("post_install", "-at_install")
class TestSettings(MultistoreInventoryCommon):
    """The stock-out window is a setting bound to its system parameter."""

    def test_stockout_window_setting(self):
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.set_param(WINDOW_PARAM, False)  # unset: the field's default
        Settings = self.env["res.config.settings"]
        self.assertEqual(
            Settings._multistore_setting("multistore_stockout_window_days"), 30
        )
        settings = Settings.create({})
        self.assertEqual(settings.multistore_stockout_window_days, 30)
        settings.multistore_stockout_window_days = 7
        settings.execute()
        self.assertEqual(ICP.get_param(WINDOW_PARAM), "7")
        self.assertEqual(
            Settings._multistore_setting("multistore_stockout_window_days"), 7
        )
        self.assertEqual(self.env["multistore.stockout.avoided"]._window_days(), 7)
        with self.assertRaisesRegex(ValidationError, "above 0"):
            Settings.create({"multistore_stockout_window_days": -1})
        ICP.set_param(WINDOW_PARAM, "many")  # a hand-edited parameter
        self.assertEqual(
            Settings._multistore_setting("multistore_stockout_window_days"), 30
        )
