from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import store_tz_sql

PROMOTER_MIN = 9  # 9 and 10 recommend the store
DETRACTOR_MAX = 6  # 0 to 6 advise against it


class MultistoreFeedbackReport(models.Model):
    """What customers say about each store: one row per event.

    - a completed satisfaction answer about the store (its satisfaction and
      would-recommend score),
    - a ticket opened at the store (its category, the complaint reason; still
      open or not),
    - a ticket closed (its resolution time),

    each on the local day of the store (store time zone, as the sales
    facts), so that the pivot groups them by week or month. Satisfaction, NPS
    and resolution time are ratios of sums in every group (see
    ``multistore.report.mixin``): the NPS of a week is computed from all the
    week's answers, never averaged from the days' scores.

    Complaint reasons are the categories of the tickets (helpdesk_mgmt).
    Return reasons (multistore_returns) are not counted: a return is not a
    complaint (changed mind), and till refunds carry no reason.
    """

    _name = "multistore.feedback.report"
    _description = "Customer Feedback per Store"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "date desc, store_id"
    _rec_name = "store_id"
    _depends = {
        "survey.user_input": ["store_id", "state", "end_datetime", "survey_id"],
        "survey.user_input.line": [
            "user_input_id",
            "question_id",
            "answer_type",
            "value_scale",
            "skipped",
        ],
        "survey.question": ["multistore_nps"],
        "helpdesk.ticket": [
            "store_id",
            "stage_id",
            "category_id",
            "closed_date",
            "active",
        ],
        "helpdesk.ticket.stage": ["closed"],
        "multistore.store": ["company_id", "state_id", "city", "partner_id"],
    }
    _report_ratios = {
        "satisfaction": (("rating_sum",), ("rated_count",), 1.0),
        "nps": (
            ("promoter_count", "-detractor_count"),
            ("nps_answer_count",),
            100.0,
        ),
        "resolution_hours": (
            ("resolution_hours_sum",),
            ("ticket_closed_count",),
            1.0,
        ),
    }

    date = fields.Date(readonly=True)
    feedback_type = fields.Selection(
        [
            ("survey", "Survey Answer"),
            ("ticket_opened", "Ticket Opened"),
            ("ticket_closed", "Ticket Closed"),
        ],
        string="Type",
        readonly=True,
    )
    survey_id = fields.Many2one("survey.survey", readonly=True)
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Complaint Reason",
        readonly=True,
        help="The category of the ticket.",
    )
    response_count = fields.Integer(string="Survey Answers", readonly=True)
    rated_count = fields.Integer(
        string="Rated Answers",
        readonly=True,
        help="Answers that rated the store (a scale question other than the "
        "would-recommend one).",
    )
    rating_sum = fields.Float(string="Sum of Ratings", readonly=True)
    satisfaction = fields.Float(
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Average satisfaction of the rated answers (e.g. 1 to 5).",
    )
    nps_answer_count = fields.Integer(string="NPS Answers", readonly=True)
    promoter_count = fields.Integer(
        string="Promoters", readonly=True, help="Would-recommend answers of 9 or 10."
    )
    detractor_count = fields.Integer(
        string="Detractors", readonly=True, help="Would-recommend answers of 0 to 6."
    )
    nps = fields.Float(
        string="NPS",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Net Promoter Score: promoters minus detractors, in percent of the "
        "answers to the would-recommend question (-100 to 100).",
    )
    ticket_opened_count = fields.Integer(string="Tickets Opened", readonly=True)
    ticket_closed_count = fields.Integer(string="Tickets Closed", readonly=True)
    ticket_open_count = fields.Integer(
        string="Still Open",
        readonly=True,
        help="Tickets opened in the period that are not closed yet. Without a "
        "period: the store's open tickets.",
    )
    resolution_hours_sum = fields.Float(
        string="Hours to Close (Sum)", digits=(16, 1), readonly=True
    )
    resolution_hours = fields.Float(
        string="Hours to Close",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Average elapsed hours from the opening of a ticket to its closing, "
        "of the tickets closed in the period.",
    )

    def _with(self):
        return SQL(
            """
            store AS (
                SELECT s.id AS store_id, s.company_id, s.state_id, s.city,
                       %(tz)s AS tz
                  FROM multistore_store s
            ),
            answer AS (
                SELECT ui.id, ui.store_id, ui.survey_id,
                       COALESCE(ui.end_datetime, ui.write_date) AS at,
                       rating.value AS rating, nps.value AS nps
                  FROM survey_user_input ui
                  LEFT JOIN LATERAL (
                        SELECT AVG(l.value_scale) AS value
                          FROM survey_user_input_line l
                          JOIN survey_question q ON q.id = l.question_id
                         WHERE l.user_input_id = ui.id
                           AND l.answer_type = 'scale'
                           AND l.skipped IS NOT TRUE
                           AND q.multistore_nps IS NOT TRUE
                  ) rating ON TRUE
                  LEFT JOIN LATERAL (
                        SELECT l.value_scale AS value
                          FROM survey_user_input_line l
                          JOIN survey_question q ON q.id = l.question_id
                         WHERE l.user_input_id = ui.id
                           AND l.answer_type = 'scale'
                           AND l.skipped IS NOT TRUE
                           AND q.multistore_nps
                         ORDER BY l.id
                         LIMIT 1
                  ) nps ON TRUE
                 WHERE ui.store_id IS NOT NULL AND ui.state = 'done'
            ),
            ticket AS (
                SELECT t.id, t.store_id, t.category_id, t.create_date,
                       t.closed_date, COALESCE(st.closed, FALSE) AS closed
                  FROM helpdesk_ticket t
                  LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
                 WHERE t.store_id IS NOT NULL AND t.active
            ),
            event AS (
                SELECT a.id * 3 AS id, 'survey' AS feedback_type, a.store_id,
                       a.at, a.survey_id, NULL::int AS category_id,
                       1 AS response_count,
                       CASE WHEN a.rating IS NOT NULL THEN 1 ELSE 0 END
                           AS rated_count,
                       COALESCE(a.rating, 0) AS rating_sum,
                       a.rating AS satisfaction,
                       CASE WHEN a.nps IS NOT NULL THEN 1 ELSE 0 END
                           AS nps_answer_count,
                       CASE WHEN a.nps >= %(promoter)s THEN 1 ELSE 0 END
                           AS promoter_count,
                       CASE WHEN a.nps <= %(detractor)s THEN 1 ELSE 0 END
                           AS detractor_count,
                       CASE WHEN a.nps >= %(promoter)s THEN 100.0
                            WHEN a.nps <= %(detractor)s THEN -100.0
                            WHEN a.nps IS NOT NULL THEN 0.0 END AS nps,
                       0 AS ticket_opened_count, 0 AS ticket_closed_count,
                       0 AS ticket_open_count, 0.0 AS resolution_hours_sum,
                       NULL::float AS resolution_hours
                  FROM answer a
                UNION ALL
                SELECT t.id * 3 + 1, 'ticket_opened', t.store_id, t.create_date,
                       NULL, t.category_id, 0, 0, 0.0, NULL, 0, 0, 0, NULL,
                       1, 0, CASE WHEN t.closed THEN 0 ELSE 1 END, 0.0, NULL
                  FROM ticket t
                UNION ALL
                SELECT t.id * 3 + 2, 'ticket_closed', t.store_id, t.closed_date,
                       NULL, t.category_id, 0, 0, 0.0, NULL, 0, 0, 0, NULL,
                       0, 1, 0, h.hours, h.hours
                  FROM ticket t
                  CROSS JOIN LATERAL (
                        SELECT GREATEST(EXTRACT(EPOCH FROM
                                   t.closed_date - t.create_date), 0) / 3600.0
                               AS hours
                  ) h
                 WHERE t.closed AND t.closed_date IS NOT NULL
            )
            """,
            tz=store_tz_sql("s"),
            promoter=PROMOTER_MIN,
            detractor=DETRACTOR_MAX,
        )

    def _select(self):
        return SQL(
            """
            e.id, e.feedback_type, e.store_id, st.company_id, st.state_id,
            st.city,
            (e.at AT TIME ZONE 'UTC' AT TIME ZONE st.tz)::date AS date,
            e.survey_id, e.category_id, e.response_count, e.rated_count,
            e.rating_sum, e.satisfaction, e.nps_answer_count, e.promoter_count,
            e.detractor_count, e.nps, e.ticket_opened_count,
            e.ticket_closed_count, e.ticket_open_count, e.resolution_hours_sum,
            e.resolution_hours
            """
        )

    def _from(self):
        return SQL("event e JOIN store st ON st.store_id = e.store_id")
