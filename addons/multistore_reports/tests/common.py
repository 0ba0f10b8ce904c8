from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, fields
from odoo.tests import Form

from odoo.addons.multistore_base.tests.common import MultistoreCommon
from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES, store_tz

from .fact_snapshot import FactSnapshotMixin

REPORT_MODELS = (
    "multistore.sales.fact",
    "multistore.store.day.fact",
    "multistore.category.day.fact",
    "multistore.category.month.fact",
    "multistore.stock.month.fact",
    "multistore.store.ranking",
    "multistore.best.seller",
    "multistore.weekly.trend",
    "multistore.store.pnl",
    "multistore.budget",
    "multistore.budget.report",
    "multistore.supplier.scorecard",
    "multistore.inventory.turnover",
    "multistore.slow.stock",
    "multistore.store.dashboard",
)


class MultistoreReportsCommon(FactSnapshotMixin, MultistoreCommon):
    """A known week of two stores: till sales with a refund and a discount,
    sales orders in dozens and a cancelled one, one sale a year earlier,
    purchases received late, partially and returned, analytic expenses.

    Expected figures are computed here in Python from the documents
    themselves, never from the fact tables.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.today = fields.Date.today()
        cls.day = cls.today - timedelta(days=1)
        cls.last_year_day = cls.day - timedelta(days=364)
        cls.categ_tea = env["product.category"].create({"name": "Tea"})
        cls.categ_coffee = env["product.category"].create({"name": "Coffee"})
        cls.product.write({"categ_id": cls.categ_tea.id, "standard_price": 4.0})
        cls.coffee = env["product.product"].create(
            {
                "name": "Coffee Beans",
                "is_storable": True,
                "list_price": 20.0,
                "standard_price": 12.0,
                "categ_id": cls.categ_coffee.id,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
                "supplier_taxes_id": [Command.clear()],
            }
        )
        cls.jam = env["product.product"].create(
            {
                "name": "Old Jam",
                "is_storable": True,
                "list_price": 6.0,
                "standard_price": 2.5,
                "categ_id": cls.categ_tea.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.product.supplier_taxes_id = [Command.clear()]
        cls.uom_dozen = env.ref("uom.product_uom_dozen")

        cls.config_a = cls._create_pos_config(cls.store_a)
        cls.config_b = cls._create_pos_config(cls.store_b)
        cls.session_a = env["pos.session"].create({"config_id": cls.config_a.id})
        cls.session_b = env["pos.session"].create({"config_id": cls.config_b.id})

        # Till A: tea x3 and coffee at 10% off (its cost known by the till).
        cls.pos_a1 = cls._pos_order(
            cls.session_a,
            [(cls.product, 3, 10.0, 0.0), (cls.coffee, 1, 20.0, 10.0)],
            cls.day,
        )
        coffee_line = cls.pos_a1.lines.filtered(lambda l: l.product_id == cls.coffee)
        coffee_line.write({"total_cost": 11.0, "is_total_cost_computed": True})
        # Till A: a refund of one tea.
        cls.pos_a2 = cls._pos_order(
            cls.session_a, [(cls.product, -1, 10.0, 0.0)], cls.day
        )
        # Till A: not paid yet, does not count.
        cls.pos_a_draft = cls._pos_order(
            cls.session_a, [(cls.product, 7, 10.0, 0.0)], cls.day, state="draft"
        )
        # Till A, a year earlier: the base of the growth figures.
        cls.pos_a_ly = cls._pos_order(
            cls.session_a, [(cls.product, 4, 10.0, 0.0)], cls.last_year_day
        )
        # Till B: two coffees.
        cls.pos_b1 = cls._pos_order(
            cls.session_b, [(cls.coffee, 2, 20.0, 0.0)], cls.day
        )

        # Sales A: two dozen teas at 100 a dozen (24 units); a cancelled order.
        cls.sale_a1 = cls._sale_order(cls.store_a, cls.product, 2, 100.0, cls.uom_dozen)
        cls.sale_a_cancel = cls._sale_order(cls.store_a, cls.coffee, 5, 20.0)
        cls.sale_a_cancel._action_cancel()
        cls.sale_b1 = cls._sale_order(cls.store_b, cls.product, 5, 10.0)

        cls._create_purchases()
        cls._create_expenses()
        env["stock.quant"]._update_available_quantity(
            cls.jam, cls.warehouse_a.lot_stock_id, 5.0
        )
        env["multistore.sales.fact"]._refresh_facts(full=True)

    # -- documents -----------------------------------------------------------

    @classmethod
    def _noon(cls, day):
        return datetime.combine(day, time(12, 0))

    @classmethod
    def _pos_order(cls, session, lines, day, state="paid"):
        subtotal = sum(qty * price * (1 - disc / 100) for _p, qty, price, disc in lines)
        order = cls.env["pos.order"].create(
            {
                "session_id": session.id,
                "date_order": cls._noon(day),
                "lines": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "qty": qty,
                            "price_unit": price,
                            "discount": disc,
                            "price_subtotal": qty * price * (1 - disc / 100),
                            "price_subtotal_incl": qty * price * (1 - disc / 100),
                        }
                    )
                    for product, qty, price, disc in lines
                ],
                "amount_total": subtotal,
                "amount_tax": 0.0,
                "amount_paid": subtotal,
                "amount_return": 0.0,
            }
        )
        order.write({"state": state, "date_order": cls._noon(day)})
        return order

    @classmethod
    def _sale_order(cls, store, product, qty, price, uom=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "store_id": store.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": (uom or product.uom_id).id,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = cls._noon(cls.day)
        return order

    @classmethod
    def _create_purchases(cls):
        env = cls.env
        cls.vendor = env["res.partner"].create({"name": "Tea Growers Ltd"})
        now = fields.Datetime.now()

        def purchase(warehouse, product, qty, planned):
            order = env["purchase.order"].create(
                {
                    "partner_id": cls.vendor.id,
                    "picking_type_id": warehouse.in_type_id.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": qty,
                                "price_unit": product.standard_price,
                                "date_planned": planned,
                                "taxes_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            order.button_confirm()
            order.date_approve = now - timedelta(days=8)
            return order

        # Late and partial: promised five days ago, 6 of 10 received.
        cls.po_late = purchase(
            cls.warehouse_a, cls.product, 10, now - timedelta(days=5)
        )
        receipt = cls.po_late.picking_ids
        receipt.move_ids.quantity = 6
        receipt.move_ids.picked = True
        receipt.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=receipt.ids
        ).button_validate()
        # On time and complete, then one bag returned to the vendor.
        cls.po_ok = purchase(cls.warehouse_a, cls.coffee, 4, now + timedelta(days=3))
        receipt = cls.po_ok.picking_ids
        receipt.move_ids.quantity = 4
        receipt.move_ids.picked = True
        receipt.button_validate()
        wizard = Form(
            env["stock.return.picking"].with_context(
                active_id=receipt.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = 1
        action = wizard.action_create_returns()
        cls.vendor_return = env["stock.picking"].browse(action["res_id"])
        cls.vendor_return.move_ids.quantity = 1
        cls.vendor_return.move_ids.picked = True
        cls.vendor_return.button_validate()
        # Ordered for store B, not received yet.
        cls.po_b = purchase(cls.warehouse_b, cls.product, 5, now + timedelta(days=2))

    @classmethod
    def _create_expenses(cls):
        env = cls.env
        plan = env["account.analytic.plan"].create({"name": "Stores"})
        cls.analytic_a = env["account.analytic.account"].create(
            {"name": "Store A P&L", "plan_id": plan.id}
        )
        cls.analytic_b = env["account.analytic.account"].create(
            {"name": "Store B P&L", "plan_id": plan.id}
        )
        cls.store_a.analytic_account_id = cls.analytic_a
        cls.store_b.analytic_account_id = cls.analytic_b
        fname = plan._column_name()
        lines = [
            (cls.analytic_a, -500.0, "Rent"),
            (cls.analytic_a, -120.0, "Energy"),
            (cls.analytic_a, 100.0, "Sales invoice (not an expense)"),
            (cls.analytic_b, -300.0, "Rent"),
        ]
        env["account.analytic.line"].create(
            [
                {"name": name, "amount": amount, "date": cls.day, fname: account.id}
                for account, amount, name in lines
            ]
        )

    # -- expected figures, computed from the documents ------------------------

    def _local_day(self, store, dt):
        tz = pytz.timezone(store_tz(store))
        return pytz.utc.localize(dt).astimezone(tz).date()

    def _expected_lines(self):
        """Every counted line: (store, product, day, qty, revenue, discount,
        cost, order key) in company currency and product unit."""
        rows = []
        stores = self.store_a | self.store_b
        orders = self.env["pos.order"].search(
            [("state", "in", POS_SOLD_STATES), ("store_id", "in", stores.ids)]
        )
        for order in orders:
            rate = order.currency_rate or 1.0
            day = self._local_day(order.store_id, order.date_order)
            for line in order.lines:
                cost = (
                    line.total_cost / rate
                    if line.is_total_cost_computed
                    else line.qty * line.product_id.standard_price
                )
                rows.append(
                    (
                        order.store_id,
                        line.product_id,
                        day,
                        line.qty,
                        line.price_subtotal / rate,
                        line.price_unit * line.qty * line.discount / 100 / rate,
                        cost,
                        ("pos", order.id),
                    )
                )
        sales = self.env["sale.order"].search(
            [("state", "=", "sale"), ("store_id", "in", stores.ids)]
        )
        for order in sales:
            rate = order.currency_rate or 1.0
            day = self._local_day(order.store_id, order.date_order)
            for line in order.order_line.filtered(lambda x: not x.display_type):
                qty = line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id, round=False
                )
                rows.append(
                    (
                        order.store_id,
                        line.product_id,
                        day,
                        qty,
                        line.price_subtotal / rate,
                        line.price_unit * line.product_uom_qty * line.discount / 100,
                        qty * line.product_id.standard_price,
                        ("sale", order.id),
                    )
                )
        return rows

    def _expected_facts(self):
        facts = defaultdict(
            lambda: {
                "qty": 0.0,
                "revenue": 0.0,
                "discount": 0.0,
                "cost": 0.0,
                "orders": set(),
            }
        )
        for (
            store,
            product,
            day,
            qty,
            revenue,
            discount,
            cost,
            key,
        ) in self._expected_lines():
            fact = facts[(store.id, product.id, day)]
            fact["qty"] += qty
            fact["revenue"] += revenue
            fact["discount"] += discount
            fact["cost"] += cost
            fact["orders"].add(key)
        return facts

    def _expected_store_months(self):
        months = defaultdict(lambda: {"revenue": 0.0, "cost": 0.0, "orders": set()})
        for store, _p, day, _q, revenue, _d, cost, key in self._expected_lines():
            month = months[(store.id, day.replace(day=1))]
            month["revenue"] += revenue
            month["cost"] += cost
            month["orders"].add(key)
        return months

    def _fixture_stores(self):
        """Stores A and B: a database with demo data has other stores, whose
        figures the expected values here do not cover."""
        return [("store_id", "in", (self.store_a | self.store_b).ids)]
