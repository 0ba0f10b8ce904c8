from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

DIGEST_TEMPLATE = "multistore_feedback.feedback_weekly_digest"
TOP_REASONS = 3


class MultistoreStore(models.Model):
    _inherit = "multistore.store"

    @api.model
    def _chain_summary_body(self, user, stores):
        """The weekly mail of multistore_reports gets the customer feedback
        of the past week: each store manager their stores', chain managers
        every store's (one line per store)."""
        body = super()._chain_summary_body(user, stores)
        return Markup(body) + self._multistore_feedback_digest(user, stores)

    @api.model
    def _multistore_feedback_week(self, user):
        """(Monday, Sunday) of the last full week before today, in the
        recipient's time zone: the week the cron reports on, the same weeks
        as the report's grouping by week."""
        today = fields.Date.context_today(self.with_context(tz=user.tz))
        sunday = today - timedelta(days=today.weekday() + 1)
        return sunday - timedelta(days=6), sunday

    @api.model
    def _multistore_feedback_figures(self, user, stores, date_from, date_to):
        """The feedback figures of ``stores`` from ``date_from`` to
        ``date_to``, read from the feedback report with ``user``'s rights
        (the store rule decides what a recipient's mail holds).

        Returns ``[{"store": store, "responses": int, "satisfaction": float
        or None, "nps": float or None, "opened": int, "closed": int,
        "open": int, "reasons": [(category, count)], "active": bool}]``, one
        per store of ``stores`` the user may see, in the order of ``stores``.
        """
        if user._is_store_restricted():
            # As the workbook: a store manager's mail is about their stores.
            stores &= user.store_ids
        Report = self.env["multistore.feedback.report"].with_user(user)
        week = [
            ("store_id", "in", stores.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        figures = {}
        for store, *values in Report._read_group(
            week,
            ["store_id"],
            [
                "response_count:sum",
                "rated_count:sum",
                "satisfaction:avg",
                "nps_answer_count:sum",
                "nps:avg",
                "ticket_opened_count:sum",
                "ticket_closed_count:sum",
            ],
        ):
            responses, rated, satisfaction, nps_answers, nps, opened, closed = values
            figures[store] = {
                "responses": responses,
                "satisfaction": satisfaction if rated else None,
                "nps": nps if nps_answers else None,
                "opened": opened,
                "closed": closed,
            }
        # Open now, whenever the ticket was opened.
        open_now = dict(
            Report._read_group(
                [("store_id", "in", stores.ids), ("ticket_open_count", ">", 0)],
                ["store_id"],
                ["ticket_open_count:sum"],
            )
        )
        reasons = defaultdict(list)
        for store, category, count in Report._read_group(
            [
                *week,
                ("feedback_type", "=", "ticket_opened"),
                ("category_id", "!=", False),
            ],
            ["store_id", "category_id"],
            ["ticket_opened_count:sum"],
        ):
            # sudo: the name of a category of the user's own tickets
            # (categories are chain configuration; a company rule would hide
            # another company's, whose stores a chain manager still gets).
            reasons[store].append((category.sudo(), count))
        result = []
        for store in stores:
            row = figures.get(store, {}) | {
                "store": store,
                "open": open_now.get(store, 0),
                "reasons": sorted(
                    reasons[store], key=lambda pair: (-pair[1], pair[0].display_name)
                )[:TOP_REASONS],
            }
            row.setdefault("responses", 0)
            row.setdefault("satisfaction", None)
            row.setdefault("nps", None)
            row.setdefault("opened", 0)
            row.setdefault("closed", 0)
            row["active"] = bool(
                row["responses"] or row["opened"] or row["closed"] or row["open"]
            )
            result.append(row)
        return result

    @api.model
    def _multistore_feedback_digest(self, user, stores):
        """The feedback section of ``user``'s weekly mail (HTML), in the
        user's language. A store without answers and tickets says so."""
        date_from, date_to = self._multistore_feedback_week(user)
        rows = self._multistore_feedback_figures(user, stores, date_from, date_to)
        env = self.with_context(lang=user.lang or self.env.lang).env
        lang = env["res.lang"]._lang_get(env.lang or "en_US")
        date_format = lang.date_format if lang else "%Y-%m-%d"
        for row in rows:
            # Store and reason names in the recipient's language.
            row["store"] = row["store"].with_context(lang=env.lang)
            row["reasons"] = [
                (category.with_context(lang=env.lang).display_name, count)
                for category, count in row["reasons"]
            ]
        return env["ir.qweb"]._render(
            DIGEST_TEMPLATE,
            {
                "rows": rows,
                "period": f"{date_from.strftime(date_format)} - "
                f"{date_to.strftime(date_format)}",
                "format_rating": lambda value: "-" if value is None else f"{value:.2f}",
                "format_nps": lambda value: "-" if value is None else f"{value:+.0f}",
            },
        )
