"""The server's check of what a till sends: prices, taxes, amounts, refunds.

Over 400 lines on purpose: one test class, because every case runs on the
same chain price list, stores, tills and open sessions set up once per class
(opening POS sessions is the slow part); split in files, each would set them
up again.
"""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistorePosCommon


@tagged("post_install", "-at_install")
class TestPosPriceCheck(MultistorePosCommon):
    """The server checks the prices a till sends (issue #10, class 6).

    Orders reach the server as a till sends them (``pos.order.sync_from_ui``)
    or, for a hostile client, through plain create/write calls.
    """

    @classmethod
    def _setup_chain(cls):
        # The chain list before the tills: they sell at their store's list.
        company = cls.env.company
        cls.chain_pricelist = cls.env["product.pricelist"].create(
            {"name": "Chain", "currency_id": company.currency_id.id}
        )
        company.multistore_pricelist_id = cls.chain_pricelist

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_b = cls._create_user("ms_staff_b", "group_store_user", cls.store_b)
        cls.jasmine = cls.env["product.product"].create(
            {
                "name": "Jasmine Tea",
                "list_price": 50.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )

    # Till payloads -----------------------------------------------------------

    @classmethod
    def _sync(cls, user, session, lines, **extra):
        return cls._sync_pos_order(cls._pos_order_vals(session, lines, **extra), user)

    def _refused(self, user, session, lines, message, exception=UserError, **extra):
        order_vals = self._pos_order_vals(session, lines, **extra)
        self.env.invalidate_all()
        with self.assertRaisesRegex(exception, message), self.env.cr.savepoint():
            self.env["pos.order"].with_user(user).sync_from_ui([order_vals])
        self.env.invalidate_all()
        self.assertFalse(
            self.env["pos.order"].search([("uuid", "=", order_vals["uuid"])]),
            "nothing of the refused order is written",
        )

    def _approve_price(self, product, store, price, **vals):
        """A store price, in force since before the tills opened."""
        change = self.env["multistore.price.change"].create(
            {
                "product_id": product.id,
                "store_ids": [Command.set(store.ids)],
                "new_price": price,
                "reason": "promotion",
                "date_start": fields.Datetime.now() - timedelta(days=1),
                **vals,
            }
        )
        change.action_submit()
        change.action_approve()
        return change

    # Sales -------------------------------------------------------------------

    def test_cashier_sells_at_store_price_only(self):
        """A 50.00 product sold at 0.01 is refused; the store's price passes."""
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 0.01)],
            r"Jasmine Tea at .*0\.01 instead of .*50\.00",
        )
        order = self._sync(
            self.staff_a, self.session_a, [self._pos_line(self.jasmine, 50)]
        )
        self.assertEqual(order.state, "paid")
        # A store price change: the store's price, not the list price.
        self._approve_price(self.jasmine, self.store_a, 45.0)
        self._refused(
            self.staff_a, self.session_a, [self._pos_line(self.jasmine, 50.0)], "45.00"
        )
        order = self._sync(
            self.staff_a, self.session_a, [self._pos_line(self.jasmine, 45.0, qty=2)]
        )
        self.assertEqual(order.lines.price_unit, 45.0)
        # Store B keeps the chain price.
        self._refused(
            self.staff_b, self.session_b, [self._pos_line(self.jasmine, 45.0)], "50.00"
        )

    def test_store_manager_may_override_price(self):
        order = self._sync(
            self.manager_a, self.session_a, [self._pos_line(self.jasmine, 0.01)]
        )
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.price_unit, 0.01)

    def test_discount_within_limit_keeps_store_price(self):
        self.store_a.pos_max_discount = 10.0
        order = self._sync(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 50.0, discount=10.0)],
        )
        self.assertEqual(order.lines.discount, 10.0)
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 45.0)],
            "instead of",
        )

    def test_price_list_the_till_does_not_offer(self):
        cheap = self.env["product.pricelist"].create(
            {
                "name": "Friends and family",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 90,
                        }
                    )
                ],
            }
        )
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 5.0)],
            "does not sell at price list Friends and family",
            pricelist_id=cheap.id,
        )
        # Offered by the till: its prices count.
        self.config_a.available_pricelist_ids |= cheap
        order = self._sync(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 5.0)],
            pricelist_id=cheap.id,
        )
        self.assertEqual(order.pricelist_id, cheap)

    def test_quantity_prices(self):
        self.store_a.pricelist_id.item_ids = [
            Command.create(
                {
                    "applied_on": "0_product_variant",
                    "product_id": self.jasmine.id,
                    "min_quantity": 10,
                    "compute_price": "fixed",
                    "fixed_price": 40.0,
                }
            )
        ]
        lines = [
            self._pos_line(self.jasmine, 40.0, qty=10),
            self._pos_line(self.jasmine, 50.0, qty=1),
            self._pos_line(self.product, 10.0, qty=12),
        ]
        order = self._sync(self.staff_a, self.session_a, lines)
        self.assertEqual(len(order.lines), 3)
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 40.0, qty=2)],
            "instead of",
        )

    def test_till_opened_before_a_price_change(self):
        """A till keeps the prices it loaded when its session opened."""
        self.session_a.start_at = fields.Datetime.now() - timedelta(hours=2)
        self._approve_price(
            self.jasmine,
            self.store_a,
            45.0,
            date_start=fields.Datetime.now() - timedelta(hours=1),
        )
        for price in (50.0, 45.0):
            order = self._sync(
                self.staff_a, self.session_a, [self._pos_line(self.jasmine, price)]
            )
            self.assertEqual(order.lines.price_unit, price)
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 47.0)],
            "instead",
        )
        # An order dated before the session opened is priced at the opening.
        yesterday = fields.Datetime.now() - timedelta(days=1)
        self.env["multistore.price.change"].search([]).action_cancel()
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 45.0)],
            "instead",
            date_order=fields.Datetime.to_string(yesterday),
        )

    def test_attribute_and_combo_prices(self):
        attribute = self.env["product.attribute"].create(
            {
                "name": "Gift wrap",
                "create_variant": "no_variant",
                "value_ids": [
                    Command.create({"name": "None"}),
                    Command.create({"name": "Silk"}),
                ],
            }
        )
        boxed_tmpl = self.env["product.template"].create(
            {
                "name": "Boxed Tea",
                "list_price": 20.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                ],
            }
        )
        boxed = boxed_tmpl.product_variant_id
        silk = self.env["product.template.attribute.value"].search(
            [
                ("product_tmpl_id", "=", boxed.product_tmpl_id.id),
                ("product_attribute_value_id.name", "=", "Silk"),
            ]
        )
        silk.price_extra = 5.0
        attrs = {"attribute_value_ids": [Command.set(silk.ids)]}
        order = self._sync(
            self.staff_a, self.session_a, [self._pos_line(boxed, 25.0, **attrs)]
        )
        self.assertEqual(order.lines.price_unit, 25.0)
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(boxed, 20.0, **attrs)],
            "Boxed Tea at .*20.00 instead of .*25.00",
        )
        # A combo: its price spread over the chosen items (+ their extras).
        drinks = self.env["product.combo"].create(
            {
                "name": "Drink",
                "combo_item_ids": [Command.create({"product_id": self.jasmine.id})],
            }
        )
        snacks = self.env["product.combo"].create(
            {
                "name": "Snack",
                "combo_item_ids": [
                    Command.create({"product_id": boxed.id, "extra_price": 2.0})
                ],
            }
        )
        tea_set = self.env["product.product"].create(
            {
                "name": "Tea Set",
                "type": "combo",
                "list_price": 60.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
                "combo_ids": [Command.set((drinks | snacks).ids)],
            }
        )

        def combo_lines(drink_price, snack_price):
            return [
                self._pos_line(tea_set, 0.0, id=1, combo_line_ids=[2, 3]),
                self._pos_line(
                    self.jasmine,
                    drink_price,
                    id=2,
                    combo_item_id=drinks.combo_item_ids.id,
                ),
                self._pos_line(
                    boxed,
                    snack_price,
                    id=3,
                    combo_item_id=snacks.combo_item_ids.id,
                    **attrs,
                ),
            ]

        # 60 spread as 50:20, then the Silk wrap (5) and the item's extra (2).
        order = self._sync(
            self.staff_a, self.session_a, combo_lines(42.86, 17.14 + 7.0)
        )
        parent = order.lines.filtered(lambda line: line.product_id == tea_set)
        self.assertEqual(len(parent.combo_line_ids), 2)
        self._refused(self.staff_a, self.session_a, combo_lines(1.0, 1.0), "Tea Set at")

    def test_fiscal_position_of_tax_included_prices(self):
        tax_in = self.env["account.tax"].create(
            {
                "name": "VAT 10% incl.",
                "amount": 10,
                "price_include_override": "tax_included",
            }
        )
        tax_out = self.env["account.tax"].create({"name": "Export 0%", "amount": 0})
        export = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create({"tax_src_id": tax_in.id, "tax_dest_id": tax_out.id})
                ],
            }
        )
        self.jasmine.taxes_id = tax_in
        for price in (50.0, 45.45):
            order = self._sync(
                self.staff_a,
                self.session_a,
                [self._pos_line(self.jasmine, price, fiscal_position=export)],
                fiscal_position_id=export.id,
            )
            self.assertEqual(order.lines.price_unit, price)

    def test_exempt_lines_keep_their_price(self):
        """Tips, and whatever the hook exempts (loyalty rewards)."""
        tip = self.env["product.product"].create(
            {"name": "Tip", "list_price": 0.0, "taxes_id": [Command.clear()]}
        )
        self.config_a.write({"iface_tipproduct": True, "tip_product_id": tip.id})
        order = self._sync(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 50.0), self._pos_line(tip, 3.0)],
        )
        self.assertEqual(len(order.lines), 2)
        Line = self.registry["pos.order.line"]
        with patch.object(
            Line,
            "_multistore_is_price_exempt",
            lambda line: line.price_unit < 0,
            create=False,
        ):
            order = self._sync(
                self.staff_a,
                self.session_a,
                [
                    self._pos_line(self.jasmine, 50.0),
                    self._pos_line(self.product, -5.0),
                ],
            )
        self.assertEqual(order.amount_total, 45.0)

    def test_amounts_follow_the_lines(self):
        """Right unit price, forged subtotal or total: refused, even for a
        store manager (the price-override right is about prices)."""
        line = self._pos_line(self.jasmine, 50.0)
        line[2].update(price_subtotal=0.01, price_subtotal_incl=0.01)
        self._refused(self.manager_a, self.session_a, [line], "do not follow")
        payment = Command.create(
            {
                "amount": 0.01,
                "name": fields.Datetime.to_string(fields.Datetime.now()),
                "payment_method_id": self.pos_payment_method.id,
            }
        )
        self._refused(
            self.manager_a,
            self.session_a,
            [self._pos_line(self.jasmine, 50.0)],
            "is not the total of its lines",
            amount_total=0.01,
            amount_paid=0.01,
            payment_ids=[payment],
        )

    def test_lines_carry_their_products_taxes(self):
        """The right unit price without the product's tax (a smaller total,
        or no tax declared) is refused, and so is a refund with other taxes
        than the sale's; over RPC too. The product's taxes pass."""
        vat = self.env["account.tax"].create({"name": "VAT 13%", "amount": 13})
        self.jasmine.taxes_id = vat
        untaxed = {"price_subtotal": 50.0, "price_subtotal_incl": 50.0}
        self._refused(
            self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 50.0, tax_ids=[Command.clear()], **untaxed)],
            "Jasmine Tea is sold with the taxes VAT 13%, not -",
        )
        sale = self._sync(
            self.staff_a, self.session_a, [self._pos_line(self.jasmine, 50.0)]
        )
        self.assertEqual(sale.lines.tax_ids, vat)
        self.assertAlmostEqual(sale.amount_total, 56.5)
        zero = self.env["account.tax"].create({"name": "Zero", "amount": 0})
        refund = self._refund_line(sale, 1, tax_ids=[Command.set(zero.ids)])
        refund[2].update(price_subtotal=-50.0, price_subtotal_incl=-50.0)
        self._refused(
            self.staff_a,
            self.session_a,
            [refund],
            "refund it with the same taxes",
            exception=ValidationError,
        )
        refund = self._sync(self.staff_a, self.session_a, [self._refund_line(sale, 1)])
        self.assertAlmostEqual(refund.amount_total, -56.5)
        with (
            self.assertRaisesRegex(UserError, "is sold with the taxes VAT 13%"),
            self.env.cr.savepoint(),
        ):
            sale.lines.with_user(self.staff_a).write({"tax_ids": [Command.clear()]})
        self.env.invalidate_all()
        self.assertEqual(sale.lines.tax_ids, vat)

    def test_price_check_queries_do_not_grow_with_lines(self):
        """One rule search per price list and date for a whole order."""
        teas = self.env["product.product"].create(
            [
                {"name": f"Tea {i}", "list_price": 5.0 + i, "available_in_pos": True}
                for i in range(12)
            ]
        )

        def count(products):
            order = self._sync(
                self.manager_a,
                self.session_a,
                [self._pos_line(product, product.lst_price) for product in products],
            )
            self.env.invalidate_all()
            order = order.with_user(self.staff_a)
            start = self.env.cr.sql_log_count
            order._multistore_check_till_prices()
            return self.env.cr.sql_log_count - start

        count(teas[:1])  # warm the caches of rules and access rights
        self.assertLessEqual(abs(count(teas[1:3]) - count(teas[3:])), 2)

    # Refunds -----------------------------------------------------------------

    def _sale_a(self, qty=2.0, discount=0.0, user=None):
        return self._sync(
            user or self.staff_a,
            self.session_a,
            [self._pos_line(self.jasmine, 50.0, qty=qty, discount=discount)],
        )

    def _refund_line(self, sale, qty, price=None, **extra):
        source = sale.lines
        return self._pos_line(
            self.jasmine,
            source.price_unit if price is None else price,
            qty=-qty,
            refunded_orderline_id=source.id,
            discount=extra.pop("discount", source.discount),
            **extra,
        )

    def test_refund_price_and_quantity(self):
        sale = self._sale_a(qty=2)
        self._refused(
            self.manager_a,
            self.session_a,
            [self._refund_line(sale, 1, price=5000.0)],
            "refund it at that price",
            exception=ValidationError,
        )
        self._refused(
            self.staff_a,
            self.session_a,
            [self._refund_line(sale, 3)],
            "Refund at most 2",
            exception=ValidationError,
        )
        self._sync(self.staff_a, self.session_a, [self._refund_line(sale, 1)])
        self._refused(
            self.staff_a,
            self.session_a,
            [self._refund_line(sale, 2)],
            "Refund at most 1",
            exception=ValidationError,
        )
        self._refused(
            self.staff_a,
            self.session_a,
            [self._refund_line(sale, 1, product_id=self.product.id)],
            "refund the product that was sold",
            exception=ValidationError,
        )
        refund = self._sync(self.staff_a, self.session_a, [self._refund_line(sale, 1)])
        self.assertEqual(refund.amount_total, -50.0)
        self.assertEqual(sale.lines.refunded_qty, 2)

    def test_refund_of_another_store_at_its_price(self):
        """Returns anywhere: store B refunds store A's sale at A's price."""
        self._approve_price(self.jasmine, self.store_a, 45.0)
        sale = self._sync(
            self.staff_a, self.session_a, [self._pos_line(self.jasmine, 45.0, qty=2)]
        )
        self._refused(
            self.staff_b,
            self.session_b,
            [self._refund_line(sale, 1, price=50.0)],
            "refund it at that price",
            exception=ValidationError,
        )
        refund = self._sync(self.staff_b, self.session_b, [self._refund_line(sale, 2)])
        self.assertEqual(refund.store_id, self.store_b)
        self.assertEqual(refund.amount_total, -90.0)

    def test_refund_keeps_a_managers_discount(self):
        """A cashier refunds a line a manager discounted beyond the limit,
        with that discount, never with a smaller one."""
        self.store_a.pos_max_discount = 10.0
        sale = self._sale_a(qty=1, discount=30.0, user=self.manager_a)
        self._refused(
            self.staff_a,
            self.session_a,
            [self._refund_line(sale, 1, discount=0.0)],
            "refund it at that price",
            exception=ValidationError,
        )
        refund = self._sync(self.staff_a, self.session_a, [self._refund_line(sale, 1)])
        self.assertEqual(refund.lines.discount, 30.0)

    # Outside the till ----------------------------------------------------------

    def test_rpc_create_and_write_checked_too(self):
        order = self._sale_a(qty=1)
        Line = self.env["pos.order.line"].with_user(self.staff_a)
        with self.assertRaisesRegex(UserError, "instead of"):
            Line.create(
                {
                    "order_id": order.id,
                    "product_id": self.jasmine.id,
                    "qty": 1,
                    "price_unit": 0.01,
                    "price_subtotal": 0.01,
                    "price_subtotal_incl": 0.01,
                }
            )
        with self.assertRaisesRegex(UserError, "instead of"):
            order.lines.with_user(self.staff_a).write({"price_unit": 0.01})
        with self.assertRaisesRegex(UserError, "instead of"):
            self.env["pos.order"].with_user(self.staff_a).create(
                self._pos_order_vals(
                    self.session_a, [self._pos_line(self.jasmine, 0.01)]
                )
                | {"payment_ids": []}
            )
        cheap = self.env["product.pricelist"].create({"name": "Cheap"})
        with self.assertRaisesRegex(UserError, "does not sell at price list"):
            order.with_user(self.staff_a).write({"pricelist_id": cheap.id})

    def test_rpc_amounts_checked_too(self):
        """Subtotals written or created over RPC follow from the line's price
        (the points bound of multistore_loyalty reads them): a forged
        subtotal is refused, even for a store manager, and nothing changes."""
        order = self._sale_a(qty=2)
        line = order.lines
        self.assertEqual(line.price_subtotal_incl, 100.0)
        for user in (self.staff_a, self.manager_a):
            with (
                self.assertRaisesRegex(UserError, "do not follow"),
                self.env.cr.savepoint(),
            ):
                line.with_user(user).write(
                    {"price_subtotal": 9999.0, "price_subtotal_incl": 9999.0}
                )
            self.env.invalidate_all()
            self.assertEqual(line.price_subtotal_incl, 100.0)
        with (
            self.assertRaisesRegex(UserError, "do not follow"),
            self.env.cr.savepoint(),
        ):
            self.env["pos.order.line"].with_user(self.manager_a).create(
                {
                    "order_id": order.id,
                    "product_id": self.jasmine.id,
                    "qty": 1,
                    "price_unit": 50.0,
                    "price_subtotal": 9999.0,
                    "price_subtotal_incl": 9999.0,
                }
            )
        self.env.invalidate_all()
        self.assertEqual(order.lines, line)
        # The amounts that follow from the line pass.
        line.with_user(self.staff_a).write(
            {"price_subtotal": 100.0, "price_subtotal_incl": 100.0}
        )

    def test_paid_order_stays_in_its_store(self):
        order = self._sale_a(qty=1)
        with (
            self.assertRaisesRegex(UserError, "can no longer change"),
            self.env.cr.savepoint(),
        ):
            order.with_user(self.chain_manager).write({"session_id": self.session_b.id})
        self.env.invalidate_all()
        self.assertEqual(order.store_id, self.store_a)
