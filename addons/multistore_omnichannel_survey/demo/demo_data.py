"""Demo satisfaction answers of multistore_omnichannel_survey (called from
demo XML only).

The collected orders of the omnichannel demo get their invitation, one more
order is collected in Beijing, and both customers answer: the *Satisfaction*
report compares two stores. Run through
``multistore.store._multistore_demo_generate("multistore_omnichannel_survey")``.
"""

from odoo.addons.multistore_omnichannel.demo.demo_data import (
    _deliveries,
    _hand_over,
    _order,
)

# Chinese texts of the demo survey (English in the demo XML), given when the
# database has Simplified Chinese: the chain's customers answer in Chinese.
DEMO_TEXTS_ZH_CN = {
    "demo_survey_satisfaction": {"title": "您对这次订单满意吗？"},
    "demo_survey_question_rating": {
        "title": "总体而言，您对这次订单的满意程度如何？",
        "scale_min_label": "很不满意",
        "scale_max_label": "非常满意",
    },
    "demo_survey_question_on_time": {"title": "您的订单是否按时备好？"},
    "demo_survey_answer_on_time_yes": {"value": "是"},
    "demo_survey_answer_on_time_no": {"value": "否"},
    "demo_survey_question_comment": {"title": "我们还有哪些地方可以改进？"},
}


def _translate(env):
    if not env["res.lang"]._lang_get("zh_CN"):
        return
    for xmlid, values in DEMO_TEXTS_ZH_CN.items():
        record = env.ref(f"multistore_omnichannel_survey.{xmlid}")
        record.with_context(lang="zh_CN").write(values)


def _answer(env, answer, rating, on_time, comment=None):
    ref = env.ref
    answer._save_lines(
        ref("multistore_omnichannel_survey.demo_survey_question_rating"), rating
    )
    answer._save_lines(
        ref("multistore_omnichannel_survey.demo_survey_question_on_time"),
        ref(f"multistore_omnichannel_survey.demo_survey_answer_on_time_{on_time}").id,
    )
    if comment:
        answer._save_lines(
            ref("multistore_omnichannel_survey.demo_survey_question_comment"), comment
        )
    answer._mark_done()


def generate(env):
    _translate(env)
    survey = env.ref("multistore_omnichannel_survey.demo_survey_satisfaction")
    # Collected before this addon was installed: invited now.
    collected = env["sale.order"].search(
        [("fulfilment_state", "=", "collected"), ("multistore_online_order", "=", True)]
    )
    for order in collected:
        order._multistore_send_satisfaction_survey(survey)
    # Collected in Beijing now: the goods-received hook invites the customer.
    beijing = _order(
        env,
        "demo_customer_beijing",
        [("demo_product_black_tea", 1)],
        pickup_store="demo_store_beijing",
    )
    picking = _deliveries(beijing)
    picking.action_multistore_ready_for_pickup()
    _hand_over(picking)
    answers = env["survey.user_input"].search(
        [("multistore_sale_order_id", "in", (collected | beijing).ids)]
    )
    for answer in answers:
        if answer.multistore_sale_order_id == beijing:
            _answer(env, answer, 3, "no", "等了两天才通知我取货。")
        else:
            _answer(env, answer, 5, "yes", "店员很热情，取货很快。")
