from odoo import api, fields, models

SURVEY_PARAM = "multistore_omnichannel_survey.survey_id"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    multistore_satisfaction_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        config_parameter=SURVEY_PARAM,
        domain="[('certification', '=', False)]",
        help="Sent to the customer once they have the goods of an online order "
        "(collected at the store or delivered); the answers are linked to the "
        "order and the store. Empty: no survey is sent.",
    )

    @api.model
    def _multistore_satisfaction_survey(self):
        """The chain's satisfaction survey, or an empty recordset (off)."""
        value = self.env["ir.config_parameter"].sudo().get_param(SURVEY_PARAM)
        try:
            survey_id = int(value)
        except (TypeError, ValueError):
            return self.env["survey.survey"]
        # The setting is the chain's, whoever's order reaches the customer:
        # the survey is read as superuser (it is only ever sent, never shown).
        return self.env["survey.survey"].sudo().browse(survey_id).exists()
