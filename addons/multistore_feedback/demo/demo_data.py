"""Demo feedback of multistore_feedback (called from demo XML only).

The demo satisfaction survey got its would-recommend question at install
(data/survey_question_data.xml); the customers who answered the survey
answer it too, in line with their rating, so that the *Customer Feedback*
report shows an NPS per store. Run through
``multistore.store._multistore_demo_generate("multistore_feedback")``.
"""

# Would-recommend score (0 to 10) of a customer who rated the order 1 to 5.
NPS_OF_RATING = {1: 1, 2: 3, 3: 6, 4: 8, 5: 10}

DEMO_CATEGORIES_ZH_CN = {
    "demo_category_quality": "商品质量",
    "demo_category_loyalty": "会员积分",
    "demo_category_availability": "缺货",
    "demo_category_invoice": "发票",
}


def _translate(env):
    if not env["res.lang"]._lang_get("zh_CN"):
        return
    for xmlid, name in DEMO_CATEGORIES_ZH_CN.items():
        category = env.ref(f"multistore_feedback.{xmlid}")
        category.with_context(lang="zh_CN").write({"name": name})


def generate(env):
    _translate(env)
    survey = env["res.config.settings"]._multistore_satisfaction_survey()
    question = survey.question_ids.filtered("multistore_nps")[:1]
    if not question:
        return
    answers = env["survey.user_input"].search(
        [
            ("survey_id", "=", survey.id),
            ("store_id", "!=", False),
            ("state", "=", "done"),
        ]
    )
    for answer in answers:
        if answer.user_input_line_ids.filtered(
            lambda line: line.question_id == question
        ):
            continue
        rating = round(answer.multistore_rating) or 3
        answer._save_lines(question, str(NPS_OF_RATING.get(rating, 6)))
