import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class MultistoreReportsDemo(models.AbstractModel):
    """Gives every report of the demo chain something to show (demo only).

    On top of multistore_base's last 60 days of till sales: the same weeks a
    year ago (growth, weekly trend against last year), operating expenses on
    each store's analytic account (P&L), budgets for the last two months
    and this one, purchases received on time, late, short and with a return
    to the vendor (supplier scorecard), a product that never sells (dead
    stock); then a full rebuild of the facts.
    """

    _name = "multistore.reports.demo"
    _description = "Multistore reports demo data"

    @api.model
    def _generate_demo_reports(self):
        rng = random.Random(6)
        stores = self.env["multistore.store"].search(
            [("store_type", "=", "retail"), ("warehouse_id", "!=", False)]
        )
        dead = self.env.ref("multistore_reports.demo_product_dead_stock")
        products = self.env["multistore.demo"]._demo_products() - dead
        quants = self.env["stock.quant"].with_context(inventory_mode=True)
        for store in stores:
            quants.create(
                {
                    "product_id": dead.id,
                    "location_id": store.warehouse_id.lot_stock_id.id,
                    "inventory_quantity": rng.randint(6, 12),
                }
            ).action_apply_inventory()
        for config in stores.pos_config_ids:
            # The same 60 days a year ago; that stock is long gone.
            self.env["multistore.demo"]._demo_pos_session(
                config, products, rng, ago=364, pickings=False
            )
        self._demo_expenses(stores, rng)
        self._demo_purchases(stores, products, rng)
        facts = self.env["multistore.sales.fact"]
        facts._refresh_facts(full=True)
        self._demo_budgets(stores, rng)

    @api.model
    def _demo_months(self):
        """First days of the last two months and of this one (the months
        with demo sales)."""
        this_month = fields.Date.context_today(self).replace(day=1)
        return [this_month - relativedelta(months=k) for k in (2, 1, 0)]

    @api.model
    def _demo_expenses(self, stores, rng):
        """Rent, wages and energy booked on each store's analytic account."""
        plan = self.env["account.analytic.plan"].create({"name": "Stores"})
        lines = []
        for store in stores:
            if not store.analytic_account_id:
                store.analytic_account_id = self.env["account.analytic.account"].create(
                    {"name": store.name, "plan_id": plan.id}
                )
            account = store.analytic_account_id
            fname = account.plan_id._column_name()
            rent = rng.choice([800.0, 1000.0, 1200.0])
            for month in self._demo_months():
                for name, amount in (
                    ("Rent", rent),
                    ("Wages", rng.randint(60, 90) * 10.0),
                    ("Energy", rng.randint(8, 20) * 10.0),
                ):
                    lines.append(
                        {
                            "name": name,
                            "date": month,
                            "amount": -amount,
                            fname: account.id,
                        }
                    )
        self.env["account.analytic.line"].create(lines)

    @api.model
    def _demo_purchases(self, stores, products, rng):
        """Two vendors: one on time and complete, one late, short and with a
        bag returned."""
        on_time = self.env["res.partner"].create(
            {"name": "Hangzhou Tea Garden Co.", "is_company": True}
        )
        late = self.env["res.partner"].create(
            {"name": "Yunnan Highland Trading", "is_company": True}
        )
        now = fields.Datetime.now()
        for store in stores:
            warehouse = store.warehouse_id
            product = products.browse(rng.choice(products.ids))
            # On time: promised in three days, received today, complete.
            order = self._demo_purchase(on_time, warehouse, product, 20, now, 3)
            self._demo_receive(order.picking_ids, 20)
            # Late: promised five days ago; 16 of 20 arrive, 2 go back.
            order = self._demo_purchase(late, warehouse, product, 20, now, -5)
            receipt = order.picking_ids
            self._demo_receive(receipt, 16, backorder=False)
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=receipt.id, active_model="stock.picking")
                .create({"picking_id": receipt.id})
            )
            wizard.product_return_moves.quantity = 2
            action = wizard.action_create_returns()
            self._demo_receive(self.env["stock.picking"].browse(action["res_id"]), 2)

    @api.model
    def _demo_purchase(self, vendor, warehouse, product, qty, now, promised_in):
        order = self.env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "picking_type_id": warehouse.in_type_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": qty,
                            "price_unit": product.standard_price,
                            "date_planned": now + timedelta(days=promised_in),
                        }
                    )
                ],
            }
        )
        order.button_confirm()
        order.date_approve = now - timedelta(days=8)
        return order

    @api.model
    def _demo_receive(self, picking, qty, backorder=True):
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        if backorder:
            picking.button_validate()
        else:
            picking.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=picking.ids
            ).button_validate()

    @api.model
    def _demo_budgets(self, stores, rng):
        """Budgets around what each store really sold (some months above,
        some below) and its expenses."""
        Budget = self.env["multistore.budget"]
        for store in stores:
            actual = {
                month: revenue
                for month, revenue in self.env["multistore.store.day.fact"]._read_group(
                    [("store_id", "=", store.id)], ["date:month"], ["revenue:sum"]
                )
            }
            fallback = max(actual.values(), default=1000.0)
            for month in self._demo_months():
                revenue = actual.get(fields.Date.to_date(month), fallback)
                Budget.create(
                    [
                        {
                            "store_id": store.id,
                            "date": month,
                            "line_type": "revenue",
                            "amount": round(revenue * rng.uniform(0.85, 1.2), -1),
                        },
                        {
                            "store_id": store.id,
                            "date": month,
                            "line_type": "expense",
                            "amount": rng.randint(18, 24) * 100.0,
                        },
                    ]
                )
