from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MultistoreLoyaltyCommon


@tagged("post_install", "-at_install")
class TestRefundLookup(MultistoreLoyaltyCommon):
    """Another store's order is found only with the receipt's proof, and
    every look-up is logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_b = cls._create_user(
            "ms_loy_lookup_manager_b", "group_store_manager", cls.store_b
        )
        order_vals = cls._pos_order_vals(
            cls.session_a, [cls._pos_line(qty=3)], cls.member
        )
        result = (
            cls.env["pos.order"].with_user(cls.cashier_a).sync_from_ui([order_vals])
        )
        cls.order_a = cls.env["pos.order"].browse(result["pos.order"][0]["id"])
        cls.Log = cls.env["multistore.refund.lookup.log"]

    def _find(self, user=None, config=None, **kwargs):
        PosOrder = self.env["pos.order"].with_user(user or self.cashier_b)
        return PosOrder.multistore_find_order_for_refund(
            (config or self.config_b).id, **kwargs
        )

    def _proof(self, **overrides):
        values = {
            "reference": self.order_a.pos_reference,
            "order_date": fields.Date.to_string(self.order_a.date_order.date()),
            "amount_total": "30.00",
        }
        values.update(overrides)
        return values

    def _logs(self):
        return self.Log.search([("user_id", "=", self.cashier_b.id)], order="id")

    def test_reference_alone_does_not_tell_whether_an_order_exists(self):
        found = self._find(reference=self.order_a.pos_reference)
        missing = self._find(reference="Order 99999-999-9999")
        self.assertEqual(found, missing)
        self.assertEqual(
            found, {"pos.order": [], "pos.order.line": [], "needs_proof": True}
        )
        # Nor does the order's name, which runs in sequence per till.
        by_name = self._find(
            reference=self.order_a.name,
            order_date=self._proof()["order_date"],
            amount_total="30.00",
        )
        self.assertEqual(by_name["pos.order"], [])
        self.assertEqual(
            self._logs().mapped("result"), ["proof_needed", "proof_needed", "not_found"]
        )

    def test_wrong_date_or_total_finds_nothing(self):
        wrong_total = self._find(**self._proof(amount_total="31.00"))
        self.assertEqual(wrong_total["pos.order"], [])
        wrong_day = self._find(**self._proof(order_date="2020-01-01"))
        self.assertEqual(wrong_day["pos.order"], [])
        self.assertEqual(self._logs().mapped("result"), ["not_found", "not_found"])

    def test_full_proof_finds_the_order_and_is_logged(self):
        data = self._find(**self._proof(amount_total="30,00"))
        self.assertEqual([o["id"] for o in data["pos.order"]], self.order_a.ids)
        order = data["pos.order"][0]
        # The customer by id only, for the points: no name, phone or address.
        self.assertEqual(order["partner_id"], self.member.id)
        self.assertFalse(
            {"partner", "email", "phone", "mobile"} & set(order),
        )
        log = self._logs()
        self.assertEqual(
            (
                log.result,
                log.success,
                log.store_id,
                log.config_id,
                log.order_id,
                log.order_store_id,
                log.amount_total,
            ),
            (
                "other_store",
                True,
                self.store_b,
                self.config_b,
                self.order_a,
                self.store_a,
                30.0,
            ),
        )

    def test_own_store_orders_found_by_number_or_name(self):
        data = self._find(
            user=self.cashier_a, config=self.config_a, reference=self.order_a.name
        )
        self.assertEqual([o["id"] for o in data["pos.order"]], self.order_a.ids)
        log = self.Log.search([("user_id", "=", self.cashier_a.id)])
        self.assertEqual((log.result, log.order_id), ("own_store", self.order_a))

    def test_failed_lookups_are_limited(self):
        for attempt in range(10):
            self._find(**self._proof(amount_total=str(100 + attempt)))
        with self.assertRaisesRegex(UserError, "paused"), self.env.cr.savepoint():
            self._find(**self._proof())
        # A chain manager is not limited.
        data = self._find(user=self.chain_manager, **self._proof())
        self.assertEqual([o["id"] for o in data["pos.order"]], self.order_a.ids)

    def test_bad_input_gets_a_message(self):
        with self.assertRaisesRegex(UserError, "not a date"):
            self._find(**self._proof(order_date="2024-02-30"))
        with self.assertRaisesRegex(UserError, "not an amount"):
            self._find(**self._proof(amount_total="nan"))
        with self.assertRaisesRegex(UserError, "not an amount"):
            self._find(**self._proof(amount_total="thirty"))
        PosOrder = self.env["pos.order"].with_user(self.cashier_b)
        for config_id in (0, "x", None):
            with self.assertRaisesRegex(UserError, "does not exist"):
                PosOrder.multistore_find_order_for_refund(config_id, reference="x")
        self.assertFalse(self._logs())

    def test_log_visible_to_managers_of_the_till_store(self):
        self._find(**self._proof())
        log = self._logs()
        self.env.invalidate_all()
        self.assertEqual(self.Log.with_user(self.manager_b).search([]), log)
        self.assertFalse(self.Log.with_user(self.manager_a).search([]))
        self.assertIn(log, self.Log.with_user(self.chain_manager).search([]))
        with self.assertRaises(AccessError):
            self.Log.with_user(self.cashier_b).search([])
        with self.assertRaises(AccessError):
            log.with_user(self.manager_b).write({"reference": "edited"})
        with self.assertRaises(AccessError):
            self.Log.with_user(self.chain_manager).create(
                {"user_id": self.cashier_b.id, "kind": "receipt", "result": "not_found"}
            )
        with self.assertRaises(AccessError):
            log.with_user(self.chain_manager).unlink()

    def test_only_till_users_look_up(self):
        outsider = self.env["res.users"].create(
            {
                "name": "Lookup Outsider",
                "login": "ms_loy_lookup_outsider",
                "groups_id": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self._find(user=outsider, **self._proof())
