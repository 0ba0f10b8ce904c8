from odoo import models


class MultistoreCustomerSegment(models.Model):
    """A segment exported to a mailing list keeps only the members who agreed
    to marketing emails (the mailing checks consent again when it sends)."""

    _inherit = "multistore.customer.segment"

    def _member_emails(self):
        emails = super()._member_emails()
        if not emails:
            return emails
        # sudo(): only the consent flag of the segment's members.
        consenting = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("email_normalized", "in", list(emails)),
                    ("multistore_consent_email", "=", True),
                ]
            )
        )
        allowed = set(consenting.mapped("email_normalized"))
        return {email: name for email, name in emails.items() if email in allowed}
