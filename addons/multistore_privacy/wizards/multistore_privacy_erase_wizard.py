from odoo import fields, models


class MultistorePrivacyEraseWizard(models.TransientModel):
    """Confirmation of an erasure: says what happens, then erases."""

    _name = "multistore.privacy.erase.wizard"
    _description = "Erase Customer"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        context={"active_test": False},
    )

    def action_erase(self):
        self.ensure_one()
        partner = self.partner_id
        partner._multistore_privacy_check_request(self.env._("erase a customer"))
        self.env["multistore.privacy.request"]._erase_partner(partner)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._(
                    "Customer #%(id)s erased: personal data removed, orders and "
                    "points kept.",
                    id=partner.id,
                ),
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
