import logging

from odoo import fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

INVITE_TEMPLATE = "multistore_omnichannel_survey.mail_template_satisfaction_survey"
# Who sees the answers of an order (the fields and the smart button).
ANSWER_GROUPS = "multistore_base.group_store_manager,survey.group_survey_user"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    multistore_survey_input_ids = fields.One2many(
        "survey.user_input",
        "multistore_sale_order_id",
        string="Satisfaction Survey",
        readonly=True,
        copy=False,
        groups=ANSWER_GROUPS,
    )
    multistore_survey_input_count = fields.Integer(
        string="Survey Answers",
        compute="_compute_multistore_survey_input_count",
        groups=ANSWER_GROUPS,
    )

    def _compute_multistore_survey_input_count(self):
        # Counted with the user's rights: a manager counts what they may open.
        counts = dict(
            self.env["survey.user_input"]._read_group(
                [("multistore_sale_order_id", "in", self.ids)],
                ["multistore_sale_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.multistore_survey_input_count = counts.get(order, 0)

    def action_view_multistore_survey_inputs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_omnichannel_survey.survey_user_input_action_satisfaction"
        )
        action["domain"] = [("multistore_sale_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _multistore_goods_received(self):
        """The customer has the goods: invite them to the chain's
        satisfaction survey, the answer linked to the order and the store."""
        res = super()._multistore_goods_received()
        survey = self.env["res.config.settings"]._multistore_satisfaction_survey()
        if survey:
            for order in self:
                order._multistore_send_satisfaction_survey(survey)
        return res

    def _multistore_survey_store(self):
        """The store the customer's satisfaction is about: where they
        collected the order, else the (first) store that shipped it."""
        self.ensure_one()
        return self.pickup_store_id or self.fulfil_store_ids[:1]

    def _multistore_send_satisfaction_survey(self, survey):
        """Create the customer's invitation (Odoo's survey invite: an answer
        with its token, and a mail with the link) once per order.

        Called from the goods-received hook, as superuser. A survey that can
        no longer take answers (closed, archived) does not stop the pickup or
        the delivery: the order's chatter says why no survey went out.
        """
        self.ensure_one()
        Answer = self.env["survey.user_input"]
        customer = self.partner_id
        if not customer or Answer.search_count(
            [("multistore_sale_order_id", "=", self.id)], limit=1
        ):
            return Answer
        if not customer.email:
            self._message_log(
                body=self.env._(
                    "No satisfaction survey sent: %(customer)s has no email address.",
                    customer=customer.display_name,
                )
            )
            return Answer
        try:
            with self.env.cr.savepoint():
                answer = survey._create_answer(
                    partner=customer,
                    check_attempts=False,
                    multistore_sale_order_id=self.id,
                    store_id=self._multistore_survey_store().id,
                )
        except UserError as error:
            _logger.info("No satisfaction survey for %s: %s", self.name, error)
            self._message_log(
                body=self.env._(
                    "No satisfaction survey sent: %(reason)s",
                    reason=str(error),
                )
            )
            return Answer
        template = self.env.ref(INVITE_TEMPLATE, raise_if_not_found=False)
        if template:
            template.send_mail(
                answer.id, email_layout_xmlid="mail.mail_notification_light"
            )
        self._message_log(
            body=self.env._(
                "Satisfaction survey %(survey)s sent to %(customer)s.",
                survey=survey.display_name,
                customer=customer.display_name,
            )
        )
        return answer
