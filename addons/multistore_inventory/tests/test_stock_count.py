from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestStockCount(MultistoreInventoryCommon):
    """Store stock counts: count sheet, blind count, scanning, approval, posting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Count = cls.env["multistore.stock.count"]
        cls.Line = cls.env["multistore.stock.count.line"]
        cls.store_a.manager_id = cls.manager_a
        Category = cls.env["product.category"]
        cls.tea_categ = Category.create({"name": "Tea"})
        cls.ware_categ = Category.create({"name": "Tea ware"})
        cls.tea = cls.product
        cls.tea.write(
            {
                "categ_id": cls.tea_categ.id,
                "standard_price": 2.0,
                "barcode": "6900000000011",
            }
        )
        Product = cls.env["product.product"]
        cls.cups = Product.create(
            {
                "name": "Tea Cups",
                "is_storable": True,
                "categ_id": cls.ware_categ.id,
                "standard_price": 50.0,
                "barcode": "6900000000028",
            }
        )
        cls.mugs = Product.create(
            {
                "name": "Mugs",
                "is_storable": True,
                "categ_id": cls.ware_categ.id,
                "standard_price": 5.0,
                "barcode": "6900000000035",
            }
        )
        cls.stock_a = cls.warehouse_a.lot_stock_id
        cls._set_stock(cls.store_a, 10.0, cls.tea)
        cls._set_stock(cls.store_a, 4.0, cls.cups)
        cls._set_stock(cls.store_b, 7.0, cls.tea)

    def _count(self, user=None, **vals):
        return self.Count.with_user(user or self.staff_a).create(
            dict({"store_id": self.store_a.id}, **vals)
        )

    def _started(self, user=None, **vals):
        count = self._count(user=user, **vals)
        count.with_user(user or self.staff_a).action_start()
        return count

    def _line(self, count, product):
        return count.line_ids.filtered(lambda line: line.product_id == product)

    def test_count_sheet_posted_as_inventory_adjustment(self):
        count = self._count()
        self.assertEqual(count.location_id, self.stock_a)
        self.assertTrue(count.name.startswith("SC/"))
        count.with_user(self.staff_a).action_start()
        self.assertEqual(count.state, "in_progress")
        self.assertEqual(count.started_by_id, self.staff_a)
        # The sheet lists store A's stock only.
        self.assertEqual(count.line_ids.product_id, self.tea | self.cups)
        self.assertEqual(count.line_ids.location_id, self.stock_a)
        with self.assertRaisesRegex(UserError, "not counted yet"):
            count.with_user(self.staff_a).action_validate()
        self._line(count, self.tea).with_user(self.staff_a).write({"qty_counted": 9})
        # Nothing to count is a count too.
        self._line(count, self.cups).with_user(self.staff_a).write(
            {"qty_counted": 4, "is_counted": True}
        )
        count.with_user(self.staff_a).action_validate()
        # 1 tea short of 10: 10% and 2.00, within the default thresholds.
        self.assertEqual(count.state, "done")
        self.assertEqual(self._qty(self.stock_a, self.tea), 9.0)
        self.assertEqual(self._qty(self.stock_a, self.cups), 4.0)
        self.assertEqual(self._qty(self.warehouse_b.lot_stock_id, self.tea), 7.0)
        move = count.move_ids
        self.assertEqual(len(move), 1)
        loss = self.tea.with_company(self.env.company).property_stock_inventory
        self.assertRecordValues(
            move,
            [
                {
                    "product_id": self.tea.id,
                    "is_inventory": True,
                    "state": "done",
                    "location_id": self.stock_a.id,
                    "location_dest_id": loss.id,
                    "quantity": 1.0,
                    "reference": count.name,
                }
            ],
        )
        # The valuation effect is Odoo's: one unit at cost 2.00 out.
        self.assertAlmostEqual(count.valuation_amount, -2.0)
        self.assertAlmostEqual(
            sum(move.sudo().stock_valuation_layer_ids.mapped("value")), -2.0
        )
        as_staff = count.with_user(self.staff_a)
        self.assertAlmostEqual(as_staff.amount_difference, -2.0)
        tea_line = self._line(as_staff, self.tea)
        self.assertEqual(
            (tea_line.qty_expected, tea_line.qty_difference, tea_line.value_difference),
            (10.0, -1.0, -2.0),
        )
        action = as_staff.action_view_moves()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), move)
        # Posted: nothing changes any more.
        with self.assertRaisesRegex(UserError, "not possible now"):
            tea_line.write({"qty_counted": 3})
        with self.assertRaisesRegex(UserError, "is posted"):
            as_staff.action_cancel()

    def test_differences_above_threshold_wait_for_the_store_manager(self):
        count = self._started()
        self._line(count, self.tea).with_user(self.staff_a).write({"qty_counted": 10})
        # 2 cups short of 4: 50%, above the 10% threshold.
        self._line(count, self.cups).with_user(self.staff_a).write({"qty_counted": 2})
        count.with_user(self.staff_a).action_validate()
        self.assertEqual(count.state, "to_approve")
        self.assertEqual(self._qty(self.stock_a, self.cups), 4.0, "not posted yet")
        self.assertEqual(count.activity_ids.user_id, self.manager_a)
        as_manager = count.with_user(self.manager_a)
        self.assertEqual(
            as_manager.line_ids.filtered("over_threshold").product_id, self.cups
        )
        with self.assertRaisesRegex(AccessError, "Store manager"):
            count.with_user(self.staff_a).action_approve()
        with self.assertRaises(AccessError):
            count.with_user(self.manager_b).action_approve()
        with self.assertRaisesRegex(UserError, "not possible now"):
            self._line(count, self.cups).with_user(self.staff_a).write(
                {"qty_counted": 4}
            )
        # Sent back, counted again, still short: the manager approves.
        count.with_user(self.manager_a).action_recount()
        self.assertEqual(count.state, "in_progress")
        self.assertFalse(count.activity_ids)
        self._line(count, self.cups).with_user(self.staff_a).write({"qty_counted": 3})
        count.with_user(self.staff_a).action_validate()
        self.assertEqual(count.state, "to_approve")
        count.with_user(self.manager_a).action_approve()
        self.assertEqual(count.state, "done")
        self.assertEqual(count.approved_by_id, self.manager_a)
        self.assertEqual(self._qty(self.stock_a, self.cups), 3.0)
        self.assertAlmostEqual(count.valuation_amount, -50.0)

    def test_value_threshold(self):
        self.store_a.write(
            {"count_approval_amount": 40.0, "count_approval_percent": 100.0}
        )
        count = self._started()
        self._line(count, self.tea).with_user(self.staff_a).write({"qty_counted": 10})
        # One cup (50.00) short is 25%, under 100%, but above 40.00.
        self._line(count, self.cups).with_user(self.staff_a).write({"qty_counted": 3})
        count.with_user(self.staff_a).action_validate()
        self.assertEqual(count.state, "to_approve")

    def test_blind_count_hides_the_expected_quantity(self):
        count = self._started()
        self.assertTrue(count.blind)
        line = self._line(count, self.tea).with_user(self.staff_a)
        line.write({"qty_counted": 7})
        self.assertEqual(
            line.read(
                ["qty_expected", "qty_difference", "value_difference", "over_threshold"]
            )[0],
            {
                "id": line.id,
                "qty_expected": 0.0,
                "qty_difference": 0.0,
                "value_difference": 0.0,
                "over_threshold": False,
            },
        )
        self.assertEqual(count.with_user(self.staff_a).amount_difference, 0.0)
        Line = self.Line.with_user(self.staff_a)
        with self.assertRaises(AccessError):
            line.read(["qty_snapshot"])
        with self.assertRaises(AccessError):
            Line.search([("qty_snapshot", "=", 10.0)])
        with self.assertRaises(AccessError):
            Line.search_read([("count_id", "=", count.id)], ["qty_snapshot"])
        with self.assertRaises(AccessError):
            Line.read_group([("count_id", "=", count.id)], ["qty_snapshot:sum"], [])
        # The store manager sees it.
        as_manager = self._line(count, self.tea).with_user(self.manager_a)
        self.assertEqual(
            (as_manager.qty_expected, as_manager.qty_difference), (10.0, -3.0)
        )
        # Only managers make counts that are not blind.
        with self.assertRaisesRegex(AccessError, "Store manager"):
            self._count(blind=False)
        draft = self._count()
        with self.assertRaisesRegex(AccessError, "Store manager"):
            draft.write({"blind": False})
        open_count = self._count(user=self.manager_a, blind=False)
        open_count.with_user(self.staff_a).action_start()
        self.assertEqual(
            self._line(open_count.with_user(self.staff_a), self.tea).qty_expected,
            10.0,
        )
        # Posted, the blind count shows what it changed.
        self._line(count, self.cups).with_user(self.staff_a).write({"qty_counted": 4})
        count.with_user(self.staff_a).action_validate()
        count.with_user(self.manager_a).action_approve()
        self.assertEqual(line.qty_expected, 10.0)
        self.assertEqual(line.qty_difference, -3.0)

    def test_scanning_counts_one_unit_per_scan(self):
        count = self._started()
        as_staff = count.with_user(self.staff_a)
        for _scan in range(3):
            as_staff.action_scan(self.cups.barcode)
        cups = self._line(count, self.cups)
        self.assertEqual((cups.qty_counted, cups.is_counted), (3.0, True))
        # A product the sheet did not expect gets a line.
        as_staff.action_scan(self.mugs.barcode)
        as_staff.on_barcode_scanned(self.mugs.barcode)
        mugs = self._line(count, self.mugs)
        self.assertEqual((mugs.qty_counted, mugs.location_id), (2.0, self.stock_a))
        self.assertEqual(mugs.with_user(self.manager_a).qty_snapshot, 0.0)
        with self.assertRaisesRegex(UserError, "matches no product"):
            as_staff.action_scan("0000000")
        with self.assertRaises(AccessError):
            count.with_user(self.staff_b).action_scan(self.cups.barcode)
        # The form's scanner adds to the lines of the form.
        with Form(as_staff) as form:
            form._barcode_scanned = self.tea.barcode
        self.assertEqual(self._line(count, self.tea).qty_counted, 1.0)
        self._line(count, self.tea).with_user(self.staff_a).write({"qty_counted": 10})
        count.with_user(self.staff_a).action_validate()
        count.with_user(self.manager_a).action_approve()
        self.assertEqual(self._qty(self.stock_a, self.mugs), 2.0)
        self.assertEqual(self._qty(self.stock_a, self.cups), 3.0)

    def test_count_by_category(self):
        count = self._started(categ_id=self.ware_categ.id)
        self.assertEqual(count.line_ids.product_id, self.cups)

    def test_counts_of_another_store_are_refused(self):
        count = self._count()
        with self.assertRaises(AccessError):
            count.with_user(self.staff_b).read(["name"])
        with self.assertRaises(AccessError):
            count.with_user(self.staff_b).action_start()
        with self.assertRaises(AccessError):
            self._count(user=self.staff_b)
        with self.assertRaises(AccessError):
            self.Count.with_user(self.staff_a).create({"store_id": self.store_b.id})
        with self.assertRaisesRegex(ValidationError, "not a stock location of"):
            self._count(location_id=self.warehouse_b.lot_stock_id.id)
        count.with_user(self.staff_a).action_start()
        line = self._line(count, self.tea)
        with self.assertRaises(AccessError):
            line.with_user(self.staff_b).write({"qty_counted": 0})
        with self.assertRaises(AccessError):
            self.Line.with_user(self.staff_b).create(
                {"count_id": count.id, "product_id": self.mugs.id}
            )
        count.line_ids.with_user(self.staff_a).write({"qty_counted": 0})
        count.with_user(self.staff_a).action_validate()
        self.assertEqual(count.state, "to_approve")
        for user in (self.manager_b, self.staff_b):
            with self.subTest(user=user.login):
                for action in ("action_approve", "action_cancel", "action_view_moves"):
                    with self.assertRaises(AccessError):
                        getattr(count.with_user(user), action)()
        self.assertEqual(self._qty(self.stock_a, self.tea), 10.0)

    def test_workflow_fields_only_through_the_steps(self):
        count = self._count()
        for user in (self.staff_a, self.manager_a, self.chain_manager):
            with self.subTest(user=user.login):
                for vals in (
                    {"state": "done"},
                    {"approved_by_id": user.id},
                    {"date_posted": "2025-01-01 10:00:00"},
                ):
                    with self.assertRaisesRegex(UserError, "only through its buttons"):
                        count.with_user(user).write(vals)
                with self.assertRaisesRegex(UserError, "only through its buttons"):
                    self._count(user=user, state="to_approve")
        count.with_user(self.staff_a).action_start()
        line = self._line(count, self.tea)
        for user in (self.staff_a, self.manager_a, self.chain_manager):
            with self.subTest(user=user.login):
                # Staff may not even see it; managers may not write it.
                with self.assertRaises(UserError):
                    line.with_user(user).write({"qty_snapshot": 0.0})
                with self.assertRaisesRegex(UserError, "Only the counted quantity"):
                    line.with_user(user).write({"product_id": self.cups.id})
                with self.assertRaisesRegex(UserError, "has started"):
                    count.with_user(user).write(
                        {"location_id": self.warehouse_a.view_location_id.id}
                    )
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            line.with_user(self.staff_a).write({"qty_counted": -1})
        with self.assertRaisesRegex(ValidationError, "not a usable amount"):
            line.with_user(self.staff_a).write({"qty_counted": float("inf")})
        move = self.env["stock.move"].search([], limit=1)
        with self.assertRaisesRegex(UserError, "when the count is posted"):
            move.with_user(self.chain_manager).write(
                {"multistore_stock_count_id": count.id}
            )

    def test_approval_thresholds_are_set_by_the_chain(self):
        with self.assertRaisesRegex(AccessError, "Chain manager"):
            self.store_a.with_user(self.manager_a).write(
                {"count_approval_percent": 100.0}
            )
        self.store_a.with_user(self.chain_manager).write(
            {"count_approval_percent": 20.0}
        )
        self.assertEqual(self.store_a.count_approval_percent, 20.0)

    def test_cancel_and_restart(self):
        count = self._started()
        count.with_user(self.staff_a).action_cancel()
        count.with_user(self.staff_a).action_draft()
        self.assertFalse(count.line_ids)
        count.with_user(self.staff_a).action_start()
        self.assertEqual(len(count.line_ids), 2)
        count.with_user(self.staff_a).action_cancel()
        count.with_user(self.staff_a).unlink()
        self.assertFalse(count.exists())
