from odoo import models

from .res_partner import MASKED_FIELDS


class ResUsers(models.Model):
    """Portal users are customers (online shop): their email, phone and
    login read through ``res.users`` are masked for store roles like their
    partner's (see ``res.partner``); internal users are colleagues."""

    _inherit = "res.users"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        masked_fields = [
            name for name in fnames if name in MASKED_FIELDS or name == "login"
        ]
        if not masked_fields:
            return result
        if not self.env["res.partner"]._multistore_privacy_masks():
            return result
        # sudo(): only which of the read users are portal customers.
        portal = set(self.sudo().with_context(active_test=False).filtered("share").ids)
        portal.discard(self.env.uid)
        for vals in result:
            if vals.get("id") not in portal:
                continue
            for name in masked_fields:
                if name in vals:
                    mask = MASKED_FIELDS.get(name, MASKED_FIELDS["email"])
                    vals[name] = mask(vals[name])
        return result
