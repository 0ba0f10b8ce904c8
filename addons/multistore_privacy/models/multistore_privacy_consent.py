from odoo import api, fields, models
from odoo.exceptions import AccessError

CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("phone", "Phone Call"),
]
SOURCES = [
    ("store", "In Store"),
    ("till", "At the Till"),
    ("website", "Website"),
    ("phone", "By Phone"),
    ("import", "Import"),
]


class MultistorePrivacyConsent(models.Model):
    """One consent decision of a customer for one marketing channel.

    The log is the consent: the customer's current consent per channel
    (``res.partner.multistore_consent_<channel>``) is the latest line of the
    channel, and no consent line means no consent (PIPL: marketing needs an
    explicit opt-in). A line says who recorded it, when, in which store and
    from where (store, till, website...). Lines are never changed nor
    deleted: a withdrawal is a new line with *granted* off.

    Chain-wide like the customer it belongs to (see
    ``multistore_base.models.multistore_scope``): a customer's consent given
    in store A is respected by a campaign of store B.
    """

    _name = "multistore.privacy.consent"
    _description = "Marketing Consent"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    granted = fields.Boolean(
        readonly=True, help="On: the customer agrees; off: consent withdrawn."
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    store_id = fields.Many2one(
        "multistore.store",
        readonly=True,
        default=lambda self: self.env.user.store_id,
        help="The store where the consent was given or withdrawn.",
    )
    source = fields.Selection(SOURCES, required=True, readonly=True, default="store")
    note = fields.Char(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        # Who and when are the recording user and now, whatever a client
        # sends: the log is evidence.
        if not self.env.su:
            for vals in vals_list:
                vals["user_id"] = self.env.uid
                vals["date"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Consent records cannot be changed: record a new consent "
                    "(or its withdrawal) with Record Consent on the customer."
                )
            )
        return super().write(vals)
