from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_omnichannel.tests.common import OmnichannelCommon

from ..models.res_config_settings import FREQUENT_ORDERS_PARAM

# The deliveries waiting in a store's queue (Online Orders to Prepare).
QUEUE_DOMAIN = [
    ("multistore_online_order", "=", True),
    ("picking_type_code", "=", "outgoing"),
    ("state", "in", ("waiting", "confirmed", "assigned")),
]


@tagged("post_install", "-at_install")
class TestOnlinePriority(OmnichannelCommon):
    """Online orders of top-tier members and frequent customers first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tier = cls.env["multistore.loyalty.tier"]
        Tier.search([]).active = False
        cls.silver = Tier.create({"name": "Silver", "threshold": 500})
        cls.gold = Tier.create(
            {
                "name": "Gold",
                "threshold": 1000,
                "online_priority": True,
                "online_lead_days": 2,
            }
        )
        # Usually promised within a week.
        cls.product.sale_delay = 7
        cls.plain_customer = cls.env["res.partner"].create(
            {
                "name": "Plain Customer",
                "state_id": cls.shanghai.id,
                "country_id": cls.china.id,
                "city": "Shanghai",
            }
        )
        cls._set_stock(cls.store_a, 100)

    def _make_member(self, tier, partner=None):
        # Tiers follow spending and are never entered: set as the server does.
        (partner or self.customer).sudo().multistore_tier_id = tier

    def _confirmed_order(self, partner=None, user=None):
        order = self._online_order([(self.product, 1)], partner=partner, user=user)
        order.action_confirm()
        return order

    def test_gold_member_order_prepared_first(self):
        self._make_member(self.gold)
        before = fields.Datetime.now()
        order = self._confirmed_order(user=self.staff_o)
        self.assertEqual(order.multistore_priority, "1")
        self.assertEqual(order.multistore_priority_reason, "Gold member")
        delivery = self._deliveries(order)
        self.assertEqual(delivery.store_id, self.store_a)
        self.assertEqual(delivery.priority, "1", "starred in the store's queue")
        # Promised in two days instead of the product's seven.
        self.assertTrue(order.commitment_date)
        self.assertLessEqual(order.commitment_date, before + timedelta(days=2, hours=1))
        self.assertGreaterEqual(order.commitment_date, before + timedelta(days=2))
        self.assertLessEqual(
            delivery.scheduled_date, before + timedelta(days=2, hours=1)
        )

    def test_lead_days_never_lengthen_the_promise(self):
        self.product.sale_delay = 1
        self._make_member(self.gold)
        order = self._confirmed_order()
        self.assertEqual(order.multistore_priority, "1")
        self.assertFalse(order.commitment_date, "one day is already sooner")

    def test_normal_customer_and_tier_without_priority(self):
        order = self._confirmed_order(partner=self.plain_customer)
        self.assertEqual(order.multistore_priority, "0")
        self.assertFalse(order.multistore_priority_reason)
        self.assertFalse(order.commitment_date)
        self.assertEqual(self._deliveries(order).priority, "0")
        self._make_member(self.silver)
        order = self._confirmed_order()
        self.assertEqual(order.multistore_priority, "0")
        self.assertEqual(self._deliveries(order).priority, "0")

    def test_frequent_customer(self):
        for _i in range(2):
            self._confirmed_order()
        # Off by default.
        self.assertEqual(self._confirmed_order().multistore_priority, "0")
        self.env["ir.config_parameter"].sudo().set_param(FREQUENT_ORDERS_PARAM, "4")
        self.assertEqual(self._confirmed_order().multistore_priority, "0", "3 orders")
        order = self._confirmed_order()
        self.assertEqual(order.multistore_priority, "1")
        self.assertEqual(order.multistore_priority_reason, "Frequent customer")
        self.assertEqual(self._deliveries(order).priority, "1")
        self.assertFalse(order.commitment_date, "no tier: the usual promise")
        # Orders older than 90 days do not count.
        self.env["sale.order"].search(
            [("partner_id", "=", self.customer.id), ("state", "=", "sale")]
        ).sudo().write({"date_order": fields.Datetime.now() - timedelta(days=91)})
        self.assertEqual(self._confirmed_order().multistore_priority, "0")
        # Nor those of other customers.
        self.assertEqual(
            self._confirmed_order(partner=self.plain_customer).multistore_priority,
            "0",
        )

    def test_frequent_customer_till_orders_count(self):
        payment_method = self.env["pos.payment.method"].create(
            {
                "name": "Store Terminal",
                "journal_id": self.company_data["default_journal_bank"].id,
                "company_id": self.env.company.id,
            }
        )
        till = self._create_pos_config(self.store_a)
        till.payment_method_ids = payment_method
        till.open_ui()
        paid, draft = (
            self._create_pos_order(till.current_session_id) for _i in range(2)
        )
        (paid | draft).partner_id = self.customer
        # Paid at the till: only the state matters here.
        paid.sudo().state = "paid"
        self._confirmed_order()
        self.env["ir.config_parameter"].sudo().set_param(FREQUENT_ORDERS_PARAM, "2")
        order = self._confirmed_order(user=self.staff_o)
        self.assertEqual(order.multistore_priority_reason, "Frequent customer")
        paid.sudo().state = "cancel"
        self.assertEqual(self._confirmed_order().multistore_priority, "1", "2 sales")
        self.env["ir.config_parameter"].sudo().set_param(FREQUENT_ORDERS_PARAM, "4")
        self.assertEqual(self._confirmed_order().multistore_priority, "0", "3 sales")

    def test_frequent_setting_is_not_negative(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"multistore_frequent_order_count": -1}
            )

    def test_priority_fields_not_writable_directly(self):
        order = self._online_order([(self.product, 1)], user=self.staff_o)
        for vals in (
            {"multistore_priority": "1"},
            {"multistore_priority_reason": "Gold member"},
        ):
            with self.assertRaises(UserError):
                order.with_user(self.staff_o).write(vals)
        with self.assertRaises(UserError):
            self.env["sale.order"].with_user(self.staff_o).create(
                {
                    "partner_id": self.customer.id,
                    "store_id": self.store_o.id,
                    "multistore_priority": "1",
                }
            )
        self.assertEqual(order.multistore_priority, "0")

    def test_tier_fields_chain_managers_only(self):
        for vals in ({"online_priority": False}, {"online_lead_days": 5}):
            with self.assertRaises(AccessError):
                self.silver.with_user(self.manager_a).write(vals)
        with self.assertRaises(AccessError):
            self.env["multistore.loyalty.tier"].with_user(self.manager_a).create(
                {"name": "Platinum", "threshold": 5000, "online_priority": True}
            )
        self.silver.with_user(self.chain_manager).write(
            {"online_priority": True, "online_lead_days": 3}
        )
        self.assertTrue(self.silver.online_priority)
        self.assertEqual(self.silver.online_lead_days, 3)
        with self.assertRaises(ValidationError):
            self.silver.with_user(self.chain_manager).write({"online_lead_days": -1})

    def test_priority_delivery_first_in_queue(self):
        normal = self._confirmed_order(partner=self.plain_customer)
        self._make_member(self.gold)
        priority = self._confirmed_order()
        normal_delivery = self._deliveries(normal)
        priority_delivery = self._deliveries(priority)
        # The normal order was there first and is due sooner, yet comes second.
        normal_delivery.scheduled_date = fields.Datetime.now() - timedelta(days=1)
        queue = (
            self.env["stock.picking"]
            .with_user(self.staff_a)
            .search(QUEUE_DOMAIN + [("store_id", "=", self.store_a.id)])
        )
        self.assertEqual(queue.ids, (priority_delivery | normal_delivery).ids)
