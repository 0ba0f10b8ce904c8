from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.multistore_base.tests.common import MultistoreCommon

from ..models.survey_question import NPS_MAX, NPS_MIN


class FeedbackCommon(MultistoreCommon):
    """Stores A, B and C with a manager each, the satisfaction survey (a 1 to 5
    rating and the would-recommend question), answers and tickets of last
    week (Monday to Sunday before today) and older ones.

    The expected figures are computed in the tests from the answer values
    given here (``A_WEEK``...), never from the report.
    """

    # (rating 1-5 or None, would-recommend 0-10 or None) of each answer.
    A_WEEK = [(5, 10), (4, 9), (5, 10), (2, 3), (3, None), (None, 8)]
    A_OLDER = [(1, 0)]
    B_WEEK = [(2, 2), (1, 5)]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse_c = cls._create_warehouse("Store C", "MSC")
        cls.store_c = cls.Store.create(
            {"name": "Store C", "code": "C", "warehouse_id": cls.warehouse_c.id}
        )
        cls.manager_b = cls._create_user(
            "ms_manager_b", "group_store_manager", cls.store_b
        )
        cls.manager_c = cls._create_user(
            "ms_manager_c", "group_store_manager", cls.store_c
        )
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "How was your order?",
                "access_mode": "public",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Overall satisfaction",
                            "question_type": "scale",
                            "scale_min": 1,
                            "scale_max": 5,
                        }
                    ),
                    Command.create(
                        {
                            "title": "Would you recommend us?",
                            "question_type": "scale",
                            "scale_min": NPS_MIN,
                            "scale_max": NPS_MAX,
                            "multistore_nps": True,
                        }
                    ),
                ],
            }
        )
        cls.q_rating, cls.q_nps = cls.survey.question_ids
        Category = cls.env["helpdesk.ticket.category"]
        cls.cat_quality = Category.create({"name": "Product quality"})
        cls.cat_delivery = Category.create({"name": "Late pickup"})
        cls.cat_price = Category.create({"name": "Price"})
        cls.cat_staff = Category.create({"name": "Staff"})
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Store = cls.env["multistore.store"]
        cls.week_from, cls.week_to = Store._multistore_feedback_week(cls.env.user)
        # Wednesday of last week, noon in China (04:00 UTC).
        cls.last_week = datetime.combine(cls.week_from + timedelta(days=2), time(4, 0))
        cls.older = cls.last_week - timedelta(days=14)
        cls.answers_a = cls._answers(cls.store_a, cls.A_WEEK, cls.last_week)
        cls.answers_a_older = cls._answers(cls.store_a, cls.A_OLDER, cls.older)
        cls.answers_b = cls._answers(cls.store_b, cls.B_WEEK, cls.last_week)
        # Store A, last week: quality twice (one closed after 10 hours), late
        # pickup once, one without category; an open ticket from before.
        cls.ticket_a_closed = cls._ticket(
            cls.store_a, cls.cat_quality, cls.last_week, hours_to_close=10
        )
        cls.ticket_a_quality = cls._ticket(cls.store_a, cls.cat_quality, cls.last_week)
        cls.ticket_a_delivery = cls._ticket(
            cls.store_a, cls.cat_delivery, cls.last_week
        )
        cls.ticket_a_nocat = cls._ticket(cls.store_a, None, cls.last_week)
        cls.ticket_a_older = cls._ticket(cls.store_a, cls.cat_staff, cls.older)
        # Store B, last week: a price ticket, open; staff, closed after 4 hours.
        cls.ticket_b = cls._ticket(cls.store_b, cls.cat_price, cls.last_week)
        cls.ticket_b_closed = cls._ticket(
            cls.store_b, cls.cat_staff, cls.last_week, hours_to_close=4
        )
        cls.env.invalidate_all()

    @classmethod
    def _answers(cls, store, values, when):
        answers = cls.env["survey.user_input"]
        for rating, nps in values:
            # As the invitation creates it (the store is set by it only).
            answer = cls.survey.sudo()._create_answer(
                partner=cls.customer, check_attempts=False, store_id=store.id
            )
            if rating is not None:
                answer._save_lines(cls.q_rating, rating)
            if nps is not None:
                # As the survey page sends it: a string ("0" is an answer).
                answer._save_lines(cls.q_nps, str(nps))
            answer._mark_done()
            answers |= answer
        answers.flush_recordset()
        cls.env.cr.execute(
            "UPDATE survey_user_input SET end_datetime = %s WHERE id IN %s",
            (when, tuple(answers.ids)),
        )
        return answers.sudo(False)

    @classmethod
    def _ticket(cls, store, category, when, hours_to_close=None):
        ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Complaint",
                "description": "<p>Not happy.</p>",
                "partner_id": cls.customer.id,
                "store_id": store.id,
                "category_id": category.id if category else False,
            }
        )
        closed = None
        if hours_to_close is not None:
            ticket.stage_id = cls.stage_done
            closed = when + timedelta(hours=hours_to_close)
        ticket.flush_recordset()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s, closed_date = %s "
            "WHERE id = %s",
            (when, closed, ticket.id),
        )
        return ticket

    @staticmethod
    def _satisfaction(values):
        ratings = [rating for rating, _nps in values if rating is not None]
        return sum(ratings) / len(ratings)

    @staticmethod
    def _nps(values):
        scores = [nps for _rating, nps in values if nps is not None]
        promoters = len([s for s in scores if s >= 9])
        detractors = len([s for s in scores if s <= 6])
        return 100.0 * (promoters - detractors) / len(scores)

    @classmethod
    def _new_manager(cls, login, stores):
        return new_test_user(
            cls.env,
            login=login,
            groups="multistore_base.group_store_manager",
            store_ids=[Command.set(stores.ids)],
            store_id=stores[:1].id,
        )
