from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.multistore_reports.models.multistore_sales_fact import (
    REFRESHED_AT_PARAM,
)

from .common import MultistoreReportsCommon


@tagged("post_install", "-at_install")
class TestSalesFacts(MultistoreReportsCommon):
    def _assert_facts_match_documents(self):
        expected = self._expected_facts()
        facts = self.env["multistore.sales.fact"].search(self._fixture_stores())
        self.assertEqual(
            {(f.store_id.id, f.product_id.id, f.date) for f in facts},
            set(expected),
        )
        for fact in facts:
            exp = expected[(fact.store_id.id, fact.product_id.id, fact.date)]
            self.assertAlmostEqual(fact.qty, exp["qty"], places=4)
            self.assertAlmostEqual(fact.revenue, exp["revenue"], places=4)
            self.assertAlmostEqual(fact.discount, exp["discount"], places=4)
            self.assertAlmostEqual(fact.cost, exp["cost"], places=4)
            self.assertAlmostEqual(fact.margin, exp["revenue"] - exp["cost"], places=4)
            self.assertEqual(fact.order_count, len(exp["orders"]))

    def test_facts_equal_documents(self):
        self._assert_facts_match_documents()

    def test_known_figures(self):
        """A few figures worked out by hand, as a sanity anchor."""
        Fact = self.env["multistore.sales.fact"]
        tea_a = Fact.search(
            [
                ("store_id", "=", self.store_a.id),
                ("product_id", "=", self.product.id),
                ("date", "=", self.day),
            ]
        )
        # Till: 3 - 1 refunded; sales order: 2 dozen = 24 units.
        self.assertAlmostEqual(tea_a.qty, 26.0, places=4)
        self.assertAlmostEqual(tea_a.revenue, 30.0 - 10.0 + 200.0, places=4)
        self.assertAlmostEqual(tea_a.cost, 26 * 4.0, places=4)
        self.assertEqual(tea_a.order_count, 3)
        coffee_a = Fact.search(
            [
                ("store_id", "=", self.store_a.id),
                ("product_id", "=", self.coffee.id),
                ("date", "=", self.day),
            ]
        )
        # 10% off 20.0; the cancelled sales order does not count.
        self.assertAlmostEqual(coffee_a.revenue, 18.0, places=4)
        self.assertAlmostEqual(coffee_a.discount, 2.0, places=4)
        self.assertAlmostEqual(coffee_a.cost, 11.0, places=4)
        day_a = self.env["multistore.store.day.fact"].search(
            [("store_id", "=", self.store_a.id), ("date", "=", self.day)]
        )
        self.assertEqual(day_a.order_count, 3)
        self.assertAlmostEqual(day_a.revenue, 238.0, places=4)
        self.assertAlmostEqual(day_a.basket, 238.0 / 3, places=4)

    def test_incremental_equals_full_rebuild(self):
        """Orders changed after a refresh: the incremental run touches only
        their store-days and ends where a full rebuild ends."""
        Fact = self.env["multistore.sales.fact"]
        # Make the fixture look old, as if the last run was yesterday.
        self.env.flush_all()
        for table in ("pos_order", "sale_order", "sale_order_line"):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = now() - interval '2 days'",
                    SQL.identifier(table),
                )
            )
        self.env["ir.config_parameter"].sudo().set_param(
            REFRESHED_AT_PARAM, "2000-01-01 00:00:00"
        )
        Fact._refresh_facts()
        last_year_fact = Fact.search([("date", "=", self.last_year_day)])
        self.env.cr.execute(
            SQL(
                "UPDATE ir_config_parameter"
                " SET value = to_char(now() - interval '1 day',"
                " 'YYYY-MM-DD HH24:MI:SS') WHERE key = %s",
                REFRESHED_AT_PARAM,
            )
        )
        self.env.invalidate_all()
        # A new order in B, a refund in A, a cancelled sales order in B, and
        # a sales order line changed in A.
        self._pos_order(self.session_b, [(self.product, 4, 10.0, 5.0)], self.day)
        self._pos_order(self.session_a, [(self.coffee, -1, 20.0, 0.0)], self.day)
        self.sale_b1._action_cancel()
        self.sale_a1.order_line.write({"product_uom_qty": 3})
        Fact._refresh_facts()
        incremental = self._fact_snapshot()
        # The untouched day of last year was not rewritten.
        self.assertTrue(last_year_fact.exists())
        self._assert_facts_match_documents()
        Fact._refresh_facts(full=True)
        self.assertEqual(incremental, self._fact_snapshot())

    def test_new_product_line_added(self):
        """A line added to a confirmed sales order is picked up."""
        self.sale_a1.write(
            {
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.coffee.id,
                            "product_uom_qty": 1,
                            "price_unit": 25.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ]
            }
        )
        self.env["multistore.sales.fact"]._refresh_facts()
        self._assert_facts_match_documents()

    def test_fact_models_are_registered_in_refresh_order(self):
        """The orchestrator finds every fact model through the mixin, each
        after the tables it reads."""
        self.assertEqual(
            [model._name for model in self.env["multistore.sales.fact"]._fact_models()],
            [
                "multistore.sales.fact",
                "multistore.store.day.fact",
                "multistore.category.day.fact",
                "multistore.category.month.fact",
                "multistore.stock.month.fact",
            ],
        )

    def test_refresh_action(self):
        action = (
            self.env["multistore.sales.fact"]
            .with_user(self.manager_a)
            .action_refresh_facts()
        )
        self.assertEqual(action["tag"], "display_notification")
        self._assert_facts_match_documents()
