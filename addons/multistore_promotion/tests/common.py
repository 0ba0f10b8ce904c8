from collections import defaultdict
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.multistore_crm.tests.common import MultistoreCrmCommon


class MultistorePromotionCommon(MultistoreCrmCommon):
    """The customers of multistore_crm's fixture, a promotion, an email
    campaign sent 55 days ago (30-day window) and an SMS campaign sent 10
    days ago (7-day window), with their traces.

    ``_expected_results()`` computes the results per campaign and store in
    Python from the orders and traces created here, without the SQL of the
    addon, for the tests to compare the report with.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        c = cls.customers
        now = fields.Datetime.now()
        cls.promotion = cls.env["loyalty.program"].create(
            {
                "name": "Tea Festival",
                "program_type": "promotion",
                "trigger": "auto",
                "date_from": (now - timedelta(days=56)).date(),
                "date_to": (now - timedelta(days=20)).date(),
                "rule_ids": [Command.create({"minimum_qty": 1})],
                "reward_ids": [
                    Command.create({"reward_type": "discount", "discount": 10})
                ],
            }
        )
        cls.reward = cls.promotion.reward_ids.ensure_one()
        # Orders in the email campaign's window: Eve buys in store B with
        # the promotion, Carol redeems it in store A; Bob (not a recipient
        # of the email) buys in A; Bob buys in B after the SMS.
        eve_b = cls._till(cls.session_b, c["eve"], now - timedelta(days=28), 1)
        carol_a = cls._till(
            cls.session_a, c["carol"], now - timedelta(days=27), 2, cls.cup
        )
        cls._till(cls.session_a, c["bob"], now - timedelta(days=40), 1)
        cls._till(cls.session_b, c["bob"], now - timedelta(days=5), 3)
        # What the till records for a line of a promotion's reward.
        for order in eve_b | carol_a:
            order.lines.sudo().write({"reward_id": cls.reward.id})
        cls.ghost = cls.env["res.partner"].create(
            {"name": "Ghost", "email": "ghost@example.com"}
        )
        c["bob"].phone = "+8613812345678"
        cls.env["multistore.customer.store.fact"]._refresh_customer_facts()

        Mailing = cls.env["mailing.mailing"].sudo()
        partner_model = cls.env["ir.model"]._get("res.partner")
        cls.mailing = Mailing.create(
            {
                "subject": "Tea Festival is on",
                "mailing_type": "mail",
                "mailing_model_id": partner_model.id,
                "body_html": "<p>Tea Festival</p>",
                "multistore_program_id": cls.promotion.id,
                "multistore_attribution_days": 30,
            }
        )
        cls.mailing.write({"state": "done", "sent_date": now - timedelta(days=55)})
        cls.sms = Mailing.create(
            {
                "subject": "Last days",
                "mailing_type": "sms",
                "mailing_model_id": partner_model.id,
                "body_plaintext": "Last days of the Tea Festival",
                "multistore_attribution_days": 7,
            }
        )
        cls.sms.write({"state": "done", "sent_date": now - timedelta(days=10)})
        opened = now - timedelta(days=54)
        Trace = cls.env["mailing.trace"].sudo()
        # (recipient, status, opened, clicked) of the email campaign; Carol's
        # comes from a mailing list (a contact with her email), Frank's
        # bounced, the Ghost never bought.
        cls.email_traces = [
            (c["alice"], "open", True, True),
            (c["carol"], "open", True, False),
            (c["eve"], "sent", False, False),
            (c["frank"], "bounce", False, False),
            (cls.ghost, "sent", False, False),
        ]
        contact = (
            cls.env["mailing.contact"]
            .sudo()
            .create({"name": "Carol", "email": "carol@example.com"})
        )
        for partner, status, is_open, is_click in cls.email_traces:
            from_list = partner == c["carol"]
            Trace.create(
                {
                    "mass_mailing_id": cls.mailing.id,
                    "trace_type": "mail",
                    "model": "mailing.contact" if from_list else "res.partner",
                    "res_id": contact.id if from_list else partner.id,
                    "email": partner.email,
                    "trace_status": status,
                    "sent_datetime": opened,
                    "open_datetime": opened if is_open else False,
                    "links_click_datetime": opened if is_click else False,
                }
            )
        # The SMS went to a list contact with Bob's number.
        cls.sms_traces = [(c["bob"], "sent", False, True)]
        Trace.create(
            {
                "mass_mailing_id": cls.sms.id,
                "trace_type": "sms",
                "model": "mailing.contact",
                "res_id": contact.id,
                "sms_number": "+8613812345678",
                "trace_status": "sent",
                "links_click_datetime": now - timedelta(days=9),
            }
        )

    @classmethod
    def _home_stores(cls):
        """{partner: the store where they spent most}, from the orders."""
        facts, _totals, _categs = cls._expected()
        best = {}
        for (partner, store), fact in facts.items():
            if partner not in best or fact["amount"] > best[partner][1]:
                best[partner] = (store, fact["amount"])
        return {partner: store for partner, (store, _amount) in best.items()}

    @classmethod
    def _expected_results(cls):
        """{(mailing, store): figures} computed from the fixture in Python."""
        homes = cls._home_stores()
        results = defaultdict(
            lambda: {
                "sent_count": 0,
                "opened_count": 0,
                "clicked_count": 0,
                "order_count": 0,
                "redeemed_count": 0,
                "revenue": 0.0,
            }
        )
        Store = cls.env["multistore.store"]
        for mailing, traces in (
            (cls.mailing, cls.email_traces),
            (cls.sms, cls.sms_traces),
        ):
            recipients = set()
            for partner, status, is_open, is_click in traces:
                if status not in ("pending", "sent", "open", "reply"):
                    continue
                row = results[mailing, homes.get(partner, Store)]
                row["sent_count"] += 1
                row["opened_count"] += int(is_open)
                row["clicked_count"] += int(is_click)
                recipients.add(partner)
            start = mailing.sent_date
            end = start + timedelta(days=mailing.multistore_attribution_days)
            for partner, store, date, amount, _lines in cls._sold_orders():
                if partner not in recipients or not start <= date < end:
                    continue
                row = results[mailing, store]
                row["order_count"] += 1
                row["revenue"] += amount
            program = mailing.multistore_program_id
            if not program:
                continue
            orders = cls.env["pos.order"].search(
                [("lines.reward_id.program_id", "=", program.id)]
            )
            for order in orders:
                if order.partner_id in recipients and start <= order.date_order < end:
                    results[mailing, order.store_id]["redeemed_count"] += 1
        return results


def promotion_vals(name, store_ids, product, **extra):
    """A promotion on the calendar with one rule on ``product``."""
    return {
        "name": name,
        "program_type": "promotion",
        "trigger": "auto",
        "multistore_on_calendar": True,
        "date_from": "2026-06-01",
        "date_to": "2026-06-07",
        "store_ids": [Command.set(store_ids)],
        "rule_ids": [
            Command.create(
                {"product_ids": [Command.set(product.ids)], "minimum_qty": 1}
            )
        ],
        "reward_ids": [Command.create({"reward_type": "discount", "discount": 10})],
        **extra,
    }
