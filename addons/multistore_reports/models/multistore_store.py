import base64
import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MultistoreStore(models.Model):
    _inherit = "multistore.store"

    @api.model
    def _cron_send_chain_summary(self):
        """Mail the chain summary workbook: every store to chain managers,
        own stores to each store manager.

        Each workbook is rendered as its recipient, so that the store rules
        decide what it holds, exactly as when the user exports it.
        """
        for user, stores in self._chain_summary_recipients():
            self._send_chain_summary(user, stores)

    @api.model
    def _chain_summary_recipients(self):
        stores = self.search([])
        chain_group = self.env.ref("multistore_base.group_chain_manager")
        chain_users = chain_group.users.filtered(
            lambda u: u.email and not u._is_superuser() and not u.share
        )
        recipients = [(user, stores) for user in chain_users]
        for manager, managed in stores.grouped("manager_id").items():
            if manager and manager.email and manager not in chain_users:
                recipients.append((manager, managed))
        return recipients

    @api.model
    def _send_chain_summary(self, user, stores):
        report = self.env.ref("multistore_reports.multistore_store_chain_summary_xlsx")
        content, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=user.lang, tz=user.tz)
            ._render_xlsx(report, stores.ids, {})
        )
        today = fields.Date.context_today(self)
        # The recipient may not create attachments or mails of their own;
        # the workbook was rendered with their rights just above.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"chain-summary-{today.isoformat()}.xlsx",
                    "datas": base64.b64encode(content),
                    "mimetype": XLSX_MIMETYPE,
                }
            )
        )
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": self.env._(
                        "Store figures of the week (%(date)s)", date=today
                    ),
                    "body_html": self._chain_summary_body(user, stores),
                    "recipient_ids": [fields.Command.link(user.partner_id.id)],
                    "attachment_ids": [fields.Command.link(attachment.id)],
                    "auto_delete": True,
                }
            )
        )
        _logger.info("Chain summary mailed to %s (%d stores)", user.login, len(stores))
        return mail

    @api.model
    def _chain_summary_body(self, user, stores):
        """The HTML body of the weekly mail to ``user`` about ``stores``.

        The extension point of the mail's text: an addon adding a section
        (such as multistore_feedback) appends it to ``super()``'s body.
        """
        return self.env._("<p>The chain summary of your stores is attached.</p>")
