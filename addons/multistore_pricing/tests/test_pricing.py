from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.multistore_base.tests.common import MultistoreCommon

from ..models.multistore_price_change_prices import round_retail


@tagged("post_install", "-at_install")
class TestPricing(MultistoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chain_pricelist = cls.env["product.pricelist"].create(
            {"name": "Chain", "currency_id": cls.env.company.currency_id.id}
        )
        cls.env.company.multistore_pricelist_id = cls.chain_pricelist
        cls.category = cls.env["product.category"].create({"name": "Teas"})
        cls.teas = cls.env["product.product"].create(
            [
                {
                    "name": f"Tea {price}",
                    "list_price": price,
                    "categ_id": cls.category.id,
                }
                for price in (10.0, 25.40, 99.0)
            ]
        )
        cls.PriceChange = cls.env["multistore.price.change"]

    def _price(self, store, product, date=None):
        return store.pricelist_id._get_product_price(
            product, 1.0, date=date or fields.Datetime.now()
        )

    def _request(self, user=None, **vals):
        values = {
            "target": "product",
            "product_id": self.product.id,
            "scope": "stores",
            "store_ids": [Command.set(self.store_a.ids)],
            "price_mode": "fixed",
            "new_price": 8.0,
            "reason": "competitor",
        }
        values.update(vals)
        return self.PriceChange.with_user(user or self.chain_manager).create(values)

    def test_store_pricelists_follow_chain(self):
        for store in (self.store_a, self.store_b):
            self.assertEqual(
                store.pricelist_id.item_ids.base_pricelist_id, self.chain_pricelist
            )
            self.assertEqual(self._price(store, self.product), 10.0)
        config = self._create_pos_config(self.store_a)
        self.assertEqual(config.pricelist_id, self.store_a.pricelist_id)
        self.assertIn(self.chain_pricelist, config._get_available_pricelists())
        self.assertNotIn(self.chain_pricelist, config.available_pricelist_ids)

    def test_pricelist_feature_stays_on(self):
        """Stock's settings wizard archives price lists when the feature is off."""
        self.assertIn(
            self.env.ref("product.group_product_pricelist"),
            self.env.ref("base.group_user").implied_ids,
        )
        self.assertTrue(self.staff_a.has_group("product.group_product_pricelist"))
        self.env["res.config.settings"].create({}).execute()
        self.assertTrue(self.chain_pricelist.active)
        self.assertTrue(self.store_a.pricelist_id.active)

    def test_request_flow_and_access(self):
        with self.assertRaises(AccessError):
            self._request(user=self.staff_a)
        change = self._request(user=self.manager_a)
        with self.assertRaisesRegex(AccessError, "Store manager may submit"):
            change.with_user(self.staff_a).action_submit()
        self.assertEqual(change.state, "draft")
        change.with_user(self.manager_a).action_submit()
        self.assertEqual(change.state, "submitted")
        self.assertEqual(change.requested_by_id, self.manager_a)
        self.assertTrue(change.date_requested, "who requested, and when")
        self.assertFalse(change.date_approved)
        self.assertEqual(change.line_ids.mapped("old_price"), [10.0])
        with self.assertRaisesRegex(AccessError, "Chain manager may approve"):
            change.with_user(self.manager_a).action_approve()
        self.assertEqual(change.state, "submitted")
        self.assertFalse(change.item_ids)
        change.with_user(self.chain_manager).action_approve()
        self.assertEqual(change.state, "active", "started now: active at once")
        self.assertEqual(change.approved_by_id, self.chain_manager)
        self.assertGreaterEqual(change.date_approved, change.date_requested)
        self.assertEqual(self._price(self.store_a, self.product), 8.0)
        self.assertEqual(self._price(self.store_b, self.product), 10.0, "B untouched")
        self.assertEqual(
            self.chain_pricelist._get_product_price(self.product, 1.0), 10.0
        )

    def test_manager_submits_for_own_stores_only(self):
        foreign = self._request(
            user=self.chain_manager,
            store_ids=[Command.set((self.store_a | self.store_b).ids)],
        )
        with self.assertRaisesRegex(UserError, "your own stores only"):
            foreign.with_user(self.manager_a).action_submit()
        self.assertEqual(foreign.state, "draft")
        chain = self._request(user=self.chain_manager, scope="chain")
        with self.assertRaisesRegex(UserError, "for chain managers"):
            chain.with_user(self.manager_a).action_submit()
        self.assertEqual(chain.state, "draft")

    def test_scheduled_apply_and_expiry_restore_price(self):
        start = fields.Datetime.now() + timedelta(days=1)
        end = start + timedelta(days=2)
        change = self._request(date_start=start, date_end=end, scope="chain")
        change.action_submit()
        change.action_approve()
        self.assertEqual(change.state, "approved")
        items_before = self.chain_pricelist.item_ids - change.item_ids
        self.assertEqual(self._price(self.store_a, self.product), 10.0)
        with freeze_time(start + timedelta(hours=1)):
            self.PriceChange._cron_apply_price_changes()
            self.assertEqual(change.state, "active")
            now = fields.Datetime.now()
            self.assertEqual(self._price(self.store_a, self.product, now), 8.0)
            self.assertEqual(self._price(self.store_b, self.product, now), 8.0)
        history = self.env["multistore.price.history"].search(
            [("price_change_id", "=", change.id)]
        )
        self.assertEqual(
            (history.price, history.old_price, history.date_from, history.store_id),
            (8.0, 10.0, start, self.Store),
        )
        with freeze_time(end + timedelta(minutes=1)):
            self.PriceChange._cron_apply_price_changes()
            self.assertEqual(change.state, "expired")
            now = fields.Datetime.now()
            self.assertEqual(self._price(self.store_a, self.product, now), 10.0)
        self.assertFalse(change.item_ids)
        self.assertEqual(self.chain_pricelist.item_ids, items_before, "as before")
        self.assertEqual(history.date_to, end)

    def test_rounding_rules(self):
        cases = [
            ("99", 8.50, 8.99),
            ("99", 21.59, 21.99),
            ("99", 84.15, 83.99),
            ("99", 0.30, 0.99),
            ("90", 12.34, 11.90),
            ("90", 12.50, 12.90),
            ("whole", 12.49, 12.0),
            ("whole", 12.50, 13.0),
            ("none", 12.345, 12.35),
        ]
        for rule, price, expected in cases:
            with self.subTest(rule=rule, price=price):
                self.assertAlmostEqual(round_retail(price, rule), expected)

    def test_category_percent_change_product_by_product(self):
        change = self._request(
            target="category",
            product_id=False,
            categ_id=self.category.id,
            price_mode="percent",
            new_price=0.0,
            percent=-15.0,
            rounding="99",
            store_ids=[Command.set(self.store_b.ids)],
        )
        change.action_submit()
        expected = {10.0: 8.99, 25.40: 21.99, 99.0: 83.99}  # 8.50, 21.59, 84.15
        lines = {line.product_id: line for line in change.line_ids}
        self.assertEqual(set(lines), set(self.teas))
        for tea in self.teas:
            with self.subTest(product=tea.name):
                self.assertEqual(lines[tea].old_price, tea.list_price)
                self.assertAlmostEqual(lines[tea].new_price, expected[tea.list_price])
        change.action_approve()
        for tea in self.teas:
            self.assertAlmostEqual(
                self._price(self.store_b, tea), expected[tea.list_price]
            )
            self.assertEqual(self._price(self.store_a, tea), tea.list_price)

    def test_sale_order_takes_store_price(self):
        change = self._request()
        change.action_submit()
        change.action_approve()
        order_a = self._create_sale_order(self.store_a)
        order_b = self._create_sale_order(self.store_b)
        self.assertEqual(order_a.pricelist_id, self.store_a.pricelist_id)
        self.assertEqual(order_a.order_line.price_unit, 8.0)
        self.assertEqual(order_b.order_line.price_unit, 10.0)

    def test_bad_input(self):
        now = fields.Datetime.now()
        for vals, message in (
            ({"date_start": now, "date_end": now - timedelta(days=1)}, "ends before"),
            ({"new_price": 0.0}, "greater than zero"),
            ({"new_price": -3.0}, "greater than zero"),
            ({"price_mode": "percent", "percent": -100.0}, "above"),
            ({"scope": "stores", "store_ids": [Command.clear()]}, "List the stores"),
        ):
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                self._request(**vals)
        self.env.invalidate_all(flush=False)
        self.assertFalse(self.PriceChange.search([]))

    def test_overlapping_changes_refused(self):
        first = self._request(date_end=fields.Datetime.now() + timedelta(days=5))
        first.action_submit()
        second = self._request(
            date_start=fields.Datetime.now() + timedelta(days=2), new_price=7.0
        )
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            second.action_submit()
        self.assertEqual(second.state, "draft")
        other_store = self._request(store_ids=[Command.set(self.store_b.ids)])
        other_store.action_submit()
        self.assertEqual(other_store.state, "submitted", "other store: no overlap")

    def test_bulk_wizard_previews_then_submits(self):
        wizard = self.env["multistore.price.change.wizard"].create(
            {
                "categ_id": self.category.id,
                "store_ids": [Command.set((self.store_a | self.store_b).ids)],
                "percent": 10.0,
                "rounding": "whole",
            }
        )
        with self.assertRaisesRegex(UserError, "Preview"):
            wizard.action_submit()
        wizard.action_preview()
        self.assertEqual(len(wizard.line_ids), 6)
        preview = {(l.product_id, l.store_id): l.new_price for l in wizard.line_ids}
        self.assertEqual(preview[(self.teas[1], self.store_a)], 28.0)  # 27.94
        action = wizard.action_submit()
        change = self.PriceChange.browse(action["res_id"])
        self.assertEqual(change.state, "submitted")
        self.assertEqual(
            {(l.product_id, l.store_id): l.new_price for l in change.line_ids},
            preview,
        )

    def test_competitor_gap_and_latest(self):
        competitor = self.env["res.partner"].create({"name": "Rival Mart"})
        Competitor = self.env["multistore.competitor.price"]
        old = Competitor.create(
            {
                "competitor_id": competitor.id,
                "product_id": self.product.id,
                "store_id": self.store_a.id,
                "price": 12.5,
                "date": fields.Date.today() - timedelta(days=7),
            }
        )
        new = Competitor.create(
            {
                "competitor_id": competitor.id,
                "product_id": self.product.id,
                "store_id": self.store_a.id,
                "price": 8.0,
            }
        )
        self.assertEqual(old.our_price, 10.0)
        self.assertAlmostEqual(old.gap_percent, -20.0)
        self.assertAlmostEqual(new.gap_percent, 25.0)
        self.assertEqual((old.is_latest, new.is_latest), (False, True))
        self.assertFalse(
            Competitor.with_user(self.staff_a).search(
                [("store_id", "=", self.store_b.id)]
            )
        )

    def test_price_matrix_and_labels(self):
        change = self._request()
        change.action_submit()
        change.action_approve()
        matrix = self.env["multistore.price.matrix"].with_user(self.chain_manager)
        action = matrix.action_open()
        rows = matrix.search(action["domain"] + [("product_id", "=", self.product.id)])
        by_store = {row.store_id: row for row in rows}
        self.assertEqual(by_store[self.store_a].price, 8.0)
        self.assertTrue(by_store[self.store_a].is_override)
        self.assertEqual(by_store[self.store_b].price, 10.0)
        self.assertFalse(by_store[self.store_b].is_override)
        labels = {
            line["product"]: line
            for line in self.store_a._shelf_label_lines(self.product)
        }
        self.assertEqual(labels[self.product]["price"], 8.0)
        self.assertEqual(labels[self.product]["valid_from"], change.date_start)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "multistore_pricing.report_shelf_labels", self.store_a.ids
        )
        self.assertIn(b"Green Tea", html)
        self.assertIn(b"8.00", html)

    def test_discount_limit_on_quotation(self):
        self.store_a.sale_max_discount = 10.0
        order = self._create_sale_order(self.store_a)
        with (
            self.assertRaisesRegex(ValidationError, "above the limit"),
            self.env.cr.savepoint(),
        ):
            order.order_line.with_user(self.staff_a).write({"discount": 15.0})
        self.env.invalidate_all(flush=False)
        self.assertEqual(order.order_line.discount, 0.0)
        order.order_line.with_user(self.staff_a).write({"discount": 10.0})
        order.order_line.with_user(self.manager_a).write({"discount": 30.0})
        self.assertEqual(order.order_line.discount, 30.0)
        with self.assertRaises(ValidationError):
            self.store_a.sale_max_discount = 120.0

    def test_discount_limit_on_till_server_side(self):
        self.store_a.pos_max_discount = 5.0
        config = self._create_pos_config(self.store_a)
        session = self.env["pos.session"].create({"config_id": config.id})
        order = self._create_pos_order(session)
        with self.assertRaisesRegex(ValidationError, "above the limit"):
            order.lines.with_user(self.staff_a).write({"discount": 20.0})

    def test_settings_form(self):
        form = Form(self.env["res.config.settings"])
        self.assertEqual(form.multistore_pricelist_id, self.chain_pricelist)
