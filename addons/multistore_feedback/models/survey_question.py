from odoo import api, fields, models
from odoo.exceptions import ValidationError

NPS_XMLID = "survey_question_recommend"
# The would-recommend question of the Net Promoter Score: 0 to 10.
NPS_MIN = 0
NPS_MAX = 10
NPS_TITLE_ZH_CN = "您有多大可能向朋友或同事推荐我们？"


class SurveyQuestion(models.Model):
    """The satisfaction survey's "would you recommend us" question.

    Its answers (0 to 10) give the Net Promoter Score of the store an answer
    is about: promoters answer 9 or 10, detractors 0 to 6; the score is the
    share of promoters minus the share of detractors, in percent of the
    answers to the question. It is not a satisfaction rating: the
    *Satisfaction* of an answer leaves it out.
    """

    _inherit = "survey.question"

    multistore_nps = fields.Boolean(
        string="Would-Recommend Question (NPS)",
        help='A scale question from 0 to 10 ("How likely are you to recommend '
        'us?"): its answers give the Net Promoter Score of the store in the '
        "feedback report, and are left out of the Satisfaction.",
    )

    @api.constrains("multistore_nps", "question_type", "scale_min", "scale_max")
    def _check_multistore_nps(self):
        for question in self.filtered("multistore_nps"):
            if (
                question.question_type != "scale"
                or question.scale_min != NPS_MIN
                or question.scale_max != NPS_MAX
            ):
                raise ValidationError(
                    self.env._(
                        "Question %(question)s gives the Net Promoter Score: make "
                        "it a scale question from 0 to 10, or untick "
                        "Would-Recommend Question (NPS).",
                        question=question.display_name,
                    )
                )

    @api.model
    def _multistore_add_nps_question(self):
        """Give the chain's satisfaction survey its would-recommend question.

        Run once, when the addon is installed (a ``<function>`` of a
        ``noupdate`` data file): a question the chain changed or deleted
        afterwards is never put back by an upgrade. Nothing happens when no
        satisfaction survey is set or when it already has such a question.
        The question gets the external id
        ``multistore_feedback.survey_question_recommend`` (no update).
        """
        survey = self.env["res.config.settings"]._multistore_satisfaction_survey()
        if not survey or survey.question_ids.filtered("multistore_nps"):
            return self.browse()
        sequence = max(survey.question_and_page_ids.mapped("sequence") or [0])
        question = self.sudo().create(
            {
                "survey_id": survey.id,
                "sequence": sequence + 10,
                "title": "How likely are you to recommend us to a friend or colleague?",
                "question_type": "scale",
                "scale_min": NPS_MIN,
                "scale_max": NPS_MAX,
                "scale_min_label": "Not at all likely",
                "scale_max_label": "Extremely likely",
                "multistore_nps": True,
            }
        )
        if self.env["res.lang"]._lang_get("zh_CN"):
            question.with_context(lang="zh_CN").write(
                {
                    "title": NPS_TITLE_ZH_CN,
                    "scale_min_label": "完全不可能",
                    "scale_max_label": "非常可能",
                }
            )
        self.env["ir.model.data"].sudo().create(
            {
                "module": "multistore_feedback",
                "name": NPS_XMLID,
                "model": self._name,
                "res_id": question.id,
                "noupdate": True,
            }
        )
        return question
