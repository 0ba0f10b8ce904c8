from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.multistore_omnichannel.tests.common import OmnichannelCommon

from ..models.res_config_settings import SURVEY_PARAM


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(OmnichannelCommon):
    """After pickup or delivery the customer gets the chain's satisfaction
    survey; the answers belong to the order and its store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.store_a | cls.store_b).pickup_enabled = True
        cls._set_stock(cls.store_a, 20)
        cls._set_stock(cls.store_b, 20)
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
                            "title": "Ready on time?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create({"value": "Yes"}),
                                Command.create({"value": "No"}),
                            ],
                        }
                    ),
                    Command.create({"title": "Comment", "question_type": "text_box"}),
                ],
            }
        )
        cls.q_rating, cls.q_on_time, cls.q_comment = cls.survey.question_ids
        # Another survey of the company (no store): Odoo's rules only.
        cls.hr_survey = cls.env["survey.survey"].create({"title": "Staff Survey"})
        cls.survey_manager = new_test_user(
            cls.env,
            login="ms_survey_manager",
            groups="survey.group_survey_manager,multistore_base.group_store_manager",
            store_ids=[Command.set(cls.store_a.ids)],
            store_id=cls.store_a.id,
        )

    def test_setting(self):
        self.env["res.config.settings"].create(
            {"multistore_satisfaction_survey_id": self.survey.id}
        ).execute()
        Settings = self.env["res.config.settings"]
        self.assertEqual(Settings._multistore_satisfaction_survey(), self.survey)
        self.env["res.config.settings"].create(
            {"multistore_satisfaction_survey_id": False}
        ).execute()
        self.assertFalse(Settings._multistore_satisfaction_survey())

    def _set_survey(self, survey):
        self.env["ir.config_parameter"].sudo().set_param(
            SURVEY_PARAM, str(survey.id) if survey else ""
        )

    def _collected_order(self, store=None):
        """A click & collect order made ready and handed over at ``store``."""
        store = store or self.store_a
        staff = self.staff_a if store == self.store_a else self.staff_b
        order = self._online_order([(self.product, 1)], pickup_store=store)
        order.action_confirm()
        picking = self._deliveries(order).with_user(staff)
        picking.action_multistore_ready_for_pickup()
        picking.move_ids.quantity = 1
        picking.button_validate()
        self.assertEqual(order.fulfilment_state, "collected")
        return order

    def _answers(self, order):
        return self.env["survey.user_input"].search(
            [("multistore_sale_order_id", "=", order.id)]
        )

    def _mails(self, answers):
        return self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
        )

    def _store_answer(self, store, order=None):
        """An answer linked to ``store``, as the invitation creates it (as
        superuser: the link is closed to users)."""
        answer = self.survey.sudo()._create_answer(
            partner=self.customer,
            check_attempts=False,
            multistore_sale_order_id=order.id if order else False,
            store_id=store.id,
        )
        return answer.sudo(False)

    # ------------------------------------------------------------------
    # Invitation
    # ------------------------------------------------------------------
    def test_collected_order_invites_the_customer(self):
        self._set_survey(self.survey)
        order = self._collected_order()
        answer = self._answers(order)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, self.customer)
        self.assertEqual(answer.store_id, self.store_a, "the pickup store")
        self.assertEqual(answer.state, "new")
        # The mail with the survey link, queued to the customer.
        mail = self._mails(answer)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(answer.access_token, mail.body_html)
        self.assertIn(order.name, mail.subject)
        self.assertIn(
            "Satisfaction survey How was your order? sent",
            "".join(order.message_ids.mapped("body")),
        )
        # The order shows its answers (smart button) to its store's manager.
        order_a = order.with_user(self.manager_a)
        self.assertEqual(order_a.multistore_survey_input_count, 1)
        action = order_a.action_view_multistore_survey_inputs()
        self.assertEqual(
            self.env["survey.user_input"]
            .with_user(self.manager_a)
            .search(action["domain"]),
            answer,
        )

    def test_delivered_order_answer_belongs_to_the_shipping_store(self):
        self._set_survey(self.survey)
        order = self._online_order([(self.product, 1)])
        order.action_confirm()
        shipping_store = order.fulfil_store_ids[:1]
        self.assertTrue(shipping_store)
        # Delivered by the carrier: the same hook, as superuser.
        order.sudo()._multistore_goods_received()
        answer = self._answers(order)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.store_id, shipping_store)
        self.assertTrue(self._mails(answer))

    def test_nothing_sent_without_a_survey(self):
        self._set_survey(False)
        order = self._collected_order()
        self.assertFalse(self._answers(order))
        self.assertFalse(
            self.env["survey.user_input"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "survey.user_input")])
        )

    def test_not_sent_twice(self):
        self._set_survey(self.survey)
        order = self._collected_order()
        order.sudo()._multistore_goods_received()
        order.sudo()._multistore_send_satisfaction_survey(self.survey)
        answers = self._answers(order)
        self.assertEqual(len(answers), 1)
        self.assertEqual(len(self._mails(answers)), 1)
        # Nor when the setting changed in between.
        self._set_survey(self.hr_survey)
        order.sudo()._multistore_goods_received()
        self.assertEqual(self._answers(order), answers)

    def test_closed_survey_does_not_stop_the_pickup(self):
        self.survey.active = False
        self._set_survey(self.survey)
        order = self._collected_order()
        self.assertFalse(self._answers(order))
        self.assertIn(
            "No satisfaction survey sent", "".join(order.message_ids.mapped("body"))
        )

    def test_rating_by_store(self):
        answer = self._store_answer(self.store_a, self._collected_order())
        answer.sudo()._save_lines(self.q_rating, 4)
        answer.sudo()._save_lines(self.q_comment, "Quick and friendly")
        answer.sudo()._mark_done()
        self.assertEqual(answer.multistore_rating, 4.0)
        groups = self.env["survey.user_input"]._read_group(
            [("store_id", "!=", False)], ["store_id"], ["multistore_rating:avg"]
        )
        self.assertEqual(groups, [(self.store_a, 4.0)])

    # ------------------------------------------------------------------
    # Who sees what, who writes what
    # ------------------------------------------------------------------
    def test_answers_of_a_store_are_its_own(self):
        answer_a = self._store_answer(self.store_a)
        answer_b = self._store_answer(self.store_b)
        answer_a.sudo()._save_lines(self.q_rating, 5)
        answer_b.sudo()._save_lines(self.q_rating, 2)
        other = self.hr_survey._create_answer(partner=self.customer)
        Answer = self.env["survey.user_input"].with_user(self.manager_b)
        Line = self.env["survey.user_input.line"].with_user(self.manager_b)
        # search and read_group: store B only, never the other survey.
        self.assertEqual(Answer.search([]), answer_b)
        self.assertEqual(
            Answer.read_group([], ["multistore_rating:avg"], ["store_id"]),
            [
                {
                    "store_id_count": 1,
                    "multistore_rating": 2.0,
                    "store_id": (self.store_b.id, self.store_b.display_name),
                    "__domain": [("store_id", "=", self.store_b.id)],
                }
            ],
        )
        self.assertEqual(Line.search([]), answer_b.user_input_line_ids)
        self.assertEqual(answer_b.with_user(self.manager_b).multistore_rating, 2.0)
        # read: refused for store A and for the other survey.
        for record in (answer_a, other):
            with self.assertRaises(AccessError):
                record.with_user(self.manager_b).read(["scoring_percentage"])
        with self.assertRaises(AccessError):
            answer_a.user_input_line_ids.with_user(self.manager_b).read(["value_scale"])
        # What the Satisfaction list and the answer's form load.
        self.assertEqual(
            Answer.web_search_read(
                [("store_id", "!=", False)],
                {
                    "survey_id": {"fields": {"display_name": {}}},
                    "multistore_sale_order_id": {"fields": {"display_name": {}}},
                    "multistore_rating": {},
                },
            )["length"],
            1,
        )
        Answer.get_views([(False, "form"), (False, "list"), (False, "pivot")])
        answer_b.with_user(self.manager_b).web_read(
            {
                "user_input_line_ids": {
                    "fields": {
                        "question_id": {"fields": {"display_name": {}}},
                        "display_name": {},
                    }
                }
            }
        )
        # The survey answered is readable (its name in the list), others not.
        self.assertEqual(
            self.env["survey.survey"].with_user(self.manager_b).search([]), self.survey
        )
        # Store staff have no survey access at all.
        with self.assertRaises(AccessError):
            answer_a.with_user(self.staff_a).read(["store_id"])
        # A chain manager sees every store's answers.
        self.assertEqual(
            Answer.with_user(self.chain_manager).search([("store_id", "!=", False)]),
            answer_a | answer_b,
        )
        # A survey officer of store A keeps Odoo's answers, not store B's.
        self.assertEqual(
            Answer.with_user(self.survey_manager).search([]), answer_a | other
        )

    def test_link_fields_refused_over_rpc(self):
        answer_a = self._store_answer(self.store_a, self._collected_order())
        order_b = self._collected_order(self.store_b)
        other = self.hr_survey._create_answer(partner=self.customer)
        as_officer = self.env["survey.user_input"].with_user(self.survey_manager)
        for record, vals in (
            (answer_a, {"store_id": self.store_b.id}),
            (answer_a, {"store_id": False}),
            (answer_a, {"multistore_sale_order_id": order_b.id}),
            (other, {"store_id": self.store_a.id}),
            (other, {"multistore_sale_order_id": order_b.id}),
        ):
            with self.assertRaises(UserError):
                record.with_user(self.survey_manager).write(vals)
        with self.assertRaises(UserError):
            as_officer.create(
                {
                    "survey_id": self.survey.id,
                    "partner_id": self.customer.id,
                    "store_id": self.store_a.id,
                }
            )
        # The survey's own fields stay the officer's to write.
        other.with_user(self.survey_manager).write({"nickname": "Chain Customer"})
        self.assertEqual(answer_a.store_id, self.store_a)
        self.assertFalse(other.store_id)
        # A store manager reads, never writes.
        with self.assertRaises(AccessError):
            answer_a.with_user(self.manager_a).write({"nickname": "x"})

    @mute_logger("odoo.sql_db")
    def test_one_answer_per_order_in_the_database(self):
        order = self._collected_order()
        self._store_answer(self.store_a, order)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._store_answer(self.store_a, order)
            self.env.flush_all()
