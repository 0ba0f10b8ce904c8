from odoo import api, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    @api.depends(
        "store_id",
        "user_input_line_ids.answer_type",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.skipped",
        "user_input_line_ids.question_id.multistore_nps",
    )
    def _compute_multistore_rating(self):
        """The satisfaction is the average of the scale questions except the
        would-recommend question (0 to 10): that one gives the Net Promoter
        Score, and would pull a 1 to 5 rating out of its range."""
        for user_input in self:
            scores = [
                line.value_scale
                for line in user_input.user_input_line_ids
                if line.answer_type == "scale"
                and not line.skipped
                and not line.question_id.multistore_nps
            ]
            if user_input.store_id and scores:
                user_input.multistore_rating = sum(scores) / len(scores)
            else:
                user_input.multistore_rating = 0.0
