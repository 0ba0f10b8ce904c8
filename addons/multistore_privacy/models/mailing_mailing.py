import logging

from odoo import models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class MailingMailing(models.Model):
    """Every campaign respects the customers' consent per channel.

    Odoo asks the mailing for its opt-out list when it sends: emails
    (``_get_opt_out_list``, email campaigns) or record ids
    (``_get_opt_out_list_sms``, SMS campaigns). Added to it: the recipients
    that are customers without consent for the channel. An address or number
    that belongs to no customer (a newsletter subscriber of the website,
    who opted in by subscribing) is not affected; one that several customers
    share is kept when one of them agreed. The mail or SMS of an opted-out
    recipient is cancelled as *opted out*, as Odoo does for its blacklist.
    """

    _inherit = "mailing.mailing"

    def _get_opt_out_list(self):
        opt_out = super()._get_opt_out_list()
        refused = self._multistore_privacy_email_opt_out()
        if refused:
            _logger.info(
                "Mass-mailing %s: %s recipients without email consent",
                self,
                len(refused),
            )
            opt_out = set(opt_out) | refused
        return opt_out

    def _get_opt_out_list_sms(self):
        opt_out = super()._get_opt_out_list_sms()
        refused = self._multistore_privacy_sms_opt_out()
        if refused:
            _logger.info(
                "Mass SMS %s: %s recipients without SMS consent", self, len(refused)
            )
            opt_out = list(set(opt_out) | refused)
        return opt_out

    def _multistore_privacy_email_opt_out(self):
        """Normalized emails of the recipients that only customers without
        email consent have."""
        self.ensure_one()
        target = self.env[self.mailing_model_real]
        if "email_normalized" not in target._fields:
            return set()
        recipients = target.browse(self._get_recipients())
        emails = [e for e in recipients.mapped("email_normalized") if e]
        if not emails:
            return set()
        self.env["res.partner"].flush_model(
            ["email_normalized", "multistore_consent_email"]
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT email_normalized FROM res_partner
                    WHERE email_normalized IN %s
                    GROUP BY email_normalized
                   HAVING NOT bool_or(COALESCE(multistore_consent_email, FALSE))""",
                tuple(emails),
            )
        )
        return {row[0] for row in rows}

    def _multistore_privacy_sms_opt_out(self):
        """Ids of the recipients that are, or whose number only belongs to,
        customers without SMS consent."""
        self.ensure_one()
        target = self.env[self.mailing_model_real]
        recipients = target.browse(self._get_recipients())
        if not recipients:
            return set()
        if target._name == "res.partner":
            return set(recipients.filtered(lambda p: not p.multistore_consent_sms).ids)
        if "phone_sanitized" not in target._fields:
            return set()
        numbers = {r.id: r.phone_sanitized for r in recipients if r.phone_sanitized}
        if not numbers:
            return set()
        self.env["res.partner"].flush_model(
            ["phone_sanitized", "multistore_consent_sms"]
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT phone_sanitized FROM res_partner
                    WHERE phone_sanitized IN %s
                    GROUP BY phone_sanitized
                   HAVING NOT bool_or(COALESCE(multistore_consent_sms, FALSE))""",
                tuple(set(numbers.values())),
            )
        )
        refused = {row[0] for row in rows}
        return {rid for rid, number in numbers.items() if number in refused}
