from odoo import api, fields, models

from ..models.multistore_privacy_consent import SOURCES
from ..models.res_partner import CONSENT_FIELDS, STORE_STAFF_GROUP


class MultistorePrivacyConsentWizard(models.TransientModel):
    """Record what the customer says about marketing, channel by channel:
    one consent line per channel whose answer changed."""

    _name = "multistore.privacy.consent.wizard"
    _description = "Record Marketing Consent"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    email = fields.Boolean(string="Email Marketing")
    sms = fields.Boolean(string="SMS Marketing")
    phone = fields.Boolean(string="Phone Call Marketing")
    source = fields.Selection(SOURCES, required=True, default="store")
    note = fields.Char(help="How the customer gave or withdrew consent.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if partner:
            for channel, fname in CONSENT_FIELDS.items():
                if channel in fields_list:
                    values[channel] = partner[fname]
        return values

    def action_confirm(self):
        self.ensure_one()
        self._multistore_require_group(
            STORE_STAFF_GROUP, action=self.env._("record a customer's consent")
        )
        partner = self.partner_id
        vals_list = [
            {
                "partner_id": partner.id,
                "channel": channel,
                "granted": self[channel],
                "source": self.source,
                "note": self.note,
            }
            for channel, fname in CONSENT_FIELDS.items()
            if self[channel] != partner[fname]
        ]
        self.env["multistore.privacy.consent"].create(vals_list)
        return {"type": "ir.actions.act_window_close"}
