from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.multistore_omnichannel_survey.models.res_config_settings import (
    SURVEY_PARAM,
)


@tagged("post_install", "-at_install")
class TestNpsQuestion(TransactionCase):
    """The would-recommend question: 0 to 10, added once to the chain's
    satisfaction survey when the addon is installed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "How was your order?",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Overall satisfaction",
                            "question_type": "scale",
                            "scale_min": 1,
                            "scale_max": 5,
                        }
                    )
                ],
            }
        )
        cls.Question = cls.env["survey.question"]

    def _set_survey(self, survey):
        self.env["ir.config_parameter"].sudo().set_param(
            SURVEY_PARAM, str(survey.id) if survey else ""
        )

    def test_nps_question_is_zero_to_ten(self):
        rating = self.survey.question_ids
        with self.assertRaises(ValidationError):
            rating.multistore_nps = True
        with self.assertRaises(ValidationError):
            self.Question.create(
                {
                    "survey_id": self.survey.id,
                    "title": "Recommend?",
                    "question_type": "simple_choice",
                    "multistore_nps": True,
                }
            )

    def test_added_once_to_the_satisfaction_survey(self):
        self._set_survey(self.survey)
        # A database with demo data got its question at install: start over.
        self.env["ir.model.data"].search(
            [
                ("module", "=", "multistore_feedback"),
                ("name", "=", "survey_question_recommend"),
            ]
        ).unlink()
        question = self.Question._multistore_add_nps_question()
        self.assertEqual(question.survey_id, self.survey)
        self.assertTrue(question.multistore_nps)
        self.assertEqual((question.scale_min, question.scale_max), (0, 10))
        self.assertEqual(
            self.env.ref("multistore_feedback.survey_question_recommend"), question
        )
        self.assertGreater(question.sequence, self.survey.question_ids[0].sequence)
        # Run again (or the survey has one already): nothing added.
        self.assertFalse(self.Question._multistore_add_nps_question())
        self.assertEqual(len(self.survey.question_ids.filtered("multistore_nps")), 1)

    def test_nothing_without_a_satisfaction_survey(self):
        self._set_survey(False)
        before = self.Question.search_count([])
        self.assertFalse(self.Question._multistore_add_nps_question())
        self.assertEqual(self.Question.search_count([]), before)
