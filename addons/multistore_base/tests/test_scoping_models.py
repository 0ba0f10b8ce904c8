import uuid

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestScopingModels(MultistoreCommon):
    """Documents that follow a store document are scoped like it.

    Reproduced leaks of issue #10: staff of store A read and deleted the till
    payments of store B, read B's journal entries, stock moves and sales
    analyses, applied an inventory adjustment in B and edited a done move
    line into B's stock.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pay_method = cls.env["pos.payment.method"].create(
            {
                "name": "Scoping Terminal",
                "journal_id": cls.company_data["default_journal_bank"].id,
                "company_id": cls.env.company.id,
            }
        )
        cls.docs = {}
        for store, warehouse in (
            (cls.store_a, cls.warehouse_a),
            (cls.store_b, cls.warehouse_b),
        ):
            cls.env["stock.quant"]._update_available_quantity(
                cls.product, warehouse.lot_stock_id, 20.0
            )
            config = cls._create_pos_config(store)
            config.payment_method_ids = [Command.set(cls.pay_method.ids)]
            config.open_ui()
            pos_order = cls._sync_paid_order(config.current_session_id)
            sale_order = cls._create_sale_order(store)
            sale_order.action_confirm()
            sale_invoice = sale_order._create_invoices()
            cls.docs[store] = {
                "pos.order": pos_order,
                "pos.payment": pos_order.payment_ids,
                "account.move": pos_order.account_move | sale_invoice,
                "account.move.line": (pos_order.account_move | sale_invoice).line_ids,
                "stock.move": pos_order.picking_ids.move_ids,
                "stock.move.line": pos_order.picking_ids.move_line_ids,
                "report.pos.order": cls.env["report.pos.order"].search(
                    [("order_id", "=", pos_order.id)]
                ),
                "sale.report": cls.env["sale.report"].search(
                    [("order_reference", "=", f"sale.order,{sale_order.id}")]
                ),
                "stock.quant": cls.env["stock.quant"]._gather(
                    cls.product, warehouse.lot_stock_id
                ),
            }
        cls.restricted_users = (cls.staff_a, cls.manager_a)

    @classmethod
    def _sync_paid_order(cls, session):
        """A paid and invoiced till order, sent the way a till sends it."""
        price = cls.product.lst_price
        now = fields.Datetime.to_string(fields.Datetime.now())
        order_uuid = str(uuid.uuid4())
        result = cls.env["pos.order"].sync_from_ui(
            [
                {
                    "uuid": order_uuid,
                    "name": f"Order {order_uuid}",
                    "session_id": session.id,
                    "partner_id": cls.customer.id,
                    "user_id": cls.env.uid,
                    "sequence_number": 1,
                    "date_order": now,
                    "pricelist_id": session.config_id.pricelist_id.id,
                    "fiscal_position_id": False,
                    "lines": [
                        Command.create(
                            {
                                "uuid": str(uuid.uuid4()),
                                "product_id": cls.product.id,
                                "qty": 1.0,
                                "price_unit": price,
                                "price_subtotal": price,
                                "price_subtotal_incl": price,
                                "discount": 0.0,
                                "tax_ids": [Command.set([])],
                                "pack_lot_ids": [],
                            }
                        )
                    ],
                    "payment_ids": [
                        Command.create(
                            {
                                "amount": price,
                                "name": now,
                                "payment_method_id": cls.pay_method.id,
                            }
                        )
                    ],
                    "amount_paid": price,
                    "amount_total": price,
                    "amount_tax": 0.0,
                    "amount_return": 0.0,
                    "to_invoice": True,
                    "last_order_preparation_change": "{}",
                }
            ]
        )
        return cls.env["pos.order"].browse(result["pos.order"][0]["id"])

    def _check_read_scope(self, model):
        doc_a = self.docs[self.store_a][model]
        doc_b = self.docs[self.store_b][model]
        self.assertTrue(doc_a and doc_b, f"fixture has {model} in both stores")
        both = doc_a | doc_b
        for user in self.restricted_users:
            self.env.invalidate_all()
            Model = self.env[model].with_user(user)
            with self.subTest(model=model, user=user.login, op="search"):
                self.assertEqual(Model.search([("id", "in", both.ids)]), doc_a)
            with self.subTest(model=model, user=user.login, op="read"):
                self.assertTrue(doc_a.with_user(user).read(["display_name"]))
                with self.assertRaises(AccessError):
                    doc_b.with_user(user).read(["display_name"])
            with self.subTest(model=model, user=user.login, op="read_group"):
                [(count,)] = Model._read_group(
                    [("id", "in", both.ids)], [], ["__count"]
                )
                self.assertEqual(count, len(doc_a))
        self.env.invalidate_all()
        chain = self.env[model].with_user(self.chain_manager)
        self.assertEqual(chain.search([("id", "in", both.ids)]), both)

    def _check_write_unlink_refused(self, records, vals):
        for user in self.restricted_users:
            self.env.invalidate_all()
            with (
                self.subTest(user=user.login, op="write"),
                self.assertRaises(AccessError),
            ):
                records.with_user(user).write(vals)
            with (
                self.subTest(user=user.login, op="unlink"),
                self.assertRaises(AccessError),
            ):
                records.with_user(user).unlink()
            self.assertTrue(records.exists())

    # ------------------------------------------------------------------
    # Till payments
    # ------------------------------------------------------------------
    def test_pos_payment_scoped(self):
        self._check_read_scope("pos.payment")
        payment_b = self.docs[self.store_b]["pos.payment"]
        self.assertEqual(payment_b.store_id, self.store_b)
        self._check_write_unlink_refused(payment_b, {"amount": 1.0})
        # A draft order of B: only the store rule stands in the way.
        session_b = self.docs[self.store_b]["pos.order"].session_id
        order_b = self._create_pos_order(session_b)
        for user in self.restricted_users:
            self.env.invalidate_all()
            with (
                self.subTest(user=user.login, op="create"),
                self.assertRaises(AccessError),
            ):
                self.env["pos.payment"].with_user(user).create(
                    {
                        "pos_order_id": order_b.id,
                        "amount": 1.0,
                        "payment_method_id": self.pay_method.id,
                    }
                )
        self.assertFalse(order_b.payment_ids)

    def test_pos_payment_of_paid_order_closed(self):
        """Payments of a paid order are not edited or deleted, in any store."""
        payment_a = self.docs[self.store_a]["pos.payment"]
        for user in (*self.restricted_users, self.chain_manager):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "Refund the order"):
                    payment_a.with_user(user).unlink()
                with self.assertRaisesRegex(UserError, "Refund the order"):
                    payment_a.with_user(user).write({"amount": 0.01})
        self.assertTrue(payment_a.exists())
        self.assertEqual(payment_a.amount, self.product.lst_price)

    # ------------------------------------------------------------------
    # Journal entries
    # ------------------------------------------------------------------
    def test_account_move_store(self):
        """Entries take the store of the till order or sales order."""
        for store in (self.store_a, self.store_b):
            moves = self.docs[store]["account.move"]
            self.assertEqual(len(moves), 2)
            self.assertEqual(moves.store_id, store)
            self.assertEqual(moves.line_ids.store_id, store)

    def test_account_move_scoped(self):
        self._check_read_scope("account.move")
        self._check_write_unlink_refused(
            self.docs[self.store_b]["account.move"], {"ref": "Hijacked"}
        )

    def test_account_move_line_scoped(self):
        self._check_read_scope("account.move.line")
        self._check_write_unlink_refused(
            self.docs[self.store_b]["account.move.line"], {"name": "Hijacked"}
        )

    # ------------------------------------------------------------------
    # Stock moves
    # ------------------------------------------------------------------
    def test_stock_move_scoped(self):
        self._check_read_scope("stock.move")
        self._check_write_unlink_refused(
            self.docs[self.store_b]["stock.move"], {"name": "Hijacked"}
        )

    def test_stock_move_line_scoped(self):
        self._check_read_scope("stock.move.line")
        self._check_write_unlink_refused(
            self.docs[self.store_b]["stock.move.line"], {"quantity": 0.0}
        )

    def test_done_move_line_not_edited(self):
        """Staff edited a done move line into another store's location."""
        line_a = self.docs[self.store_a]["stock.move.line"]
        move_a = self.docs[self.store_a]["stock.move"]
        self.assertEqual(line_a.state, "done")
        origin = line_a.location_dest_id
        for user in self.restricted_users:
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(UserError, "is done"):
                    line_a.with_user(user).write(
                        {"location_dest_id": self.warehouse_b.lot_stock_id.id}
                    )
                with self.assertRaisesRegex(UserError, "is done"):
                    line_a.with_user(user).write({"quantity": 5.0})
                with self.assertRaisesRegex(UserError, "is done"):
                    move_a.with_user(user).write({"product_uom_qty": 5.0})
                with self.assertRaisesRegex(UserError, "is done"):
                    line_a.with_user(user).unlink()
        self.env.invalidate_all()
        self.assertEqual(line_a.location_dest_id, origin)
        self.assertEqual(line_a.quantity, 1.0)

    def test_move_into_other_store_refused(self):
        """A store user's moves go in and out of their own stores only."""
        picking = self._create_picking(self.warehouse_a).with_user(self.staff_a)
        vals = {
            "name": "Into B",
            "product_id": self.product.id,
            "product_uom_qty": 1.0,
            "product_uom": self.product.uom_id.id,
            "picking_id": picking.id,
            "location_id": self.warehouse_a.lot_stock_id.id,
            "location_dest_id": self.warehouse_b.lot_stock_id.id,
        }
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            self.env["stock.move"].with_user(self.staff_a).create(vals)
        customers = self.env.ref("stock.stock_location_customers")
        move = (
            self.env["stock.move"]
            .with_user(self.staff_a)
            .create(dict(vals, location_dest_id=customers.id))
        )
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            move.write({"location_dest_id": self.warehouse_b.lot_stock_id.id})
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            picking.write({"location_dest_id": self.warehouse_b.lot_stock_id.id})

    # ------------------------------------------------------------------
    # Stock quantities
    # ------------------------------------------------------------------
    def test_quants_read_chain_wide(self):
        quant_b = self.docs[self.store_b]["stock.quant"]
        for user in self.restricted_users:
            # 20 in stock, 1 sold at the till.
            self.assertEqual(quant_b.with_user(user).quantity, 19.0)

    def test_quant_of_other_store_not_adjusted(self):
        quant_b = self.docs[self.store_b]["stock.quant"]
        # A count already entered in B (by B's staff): A may not apply it.
        quant_b.sudo().inventory_quantity = 3.0
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        for user in self.restricted_users:
            with (
                self.subTest(user=user.login, op="write"),
                self.assertRaises(AccessError),
            ):
                quant_b.with_user(user).with_context(inventory_mode=True).write(
                    {"inventory_quantity": 0.0}
                )
            with (
                self.subTest(user=user.login, op="apply"),
                self.assertRaises(AccessError),
            ):
                quant_b.with_user(user).action_apply_inventory()
            with (
                self.subTest(user=user.login, op="set"),
                self.assertRaises(AccessError),
            ):
                quant_b.with_user(user).action_set_inventory_quantity()
            with (
                self.subTest(user=user.login, op="create"),
                self.assertRaises(AccessError),
            ):
                Quant.with_user(user).create(
                    {
                        "product_id": self.product.id,
                        "location_id": self.warehouse_b.lot_stock_id.id,
                        "inventory_quantity": 999.0,
                    }
                )
            with (
                self.subTest(user=user.login, op="relocate"),
                self.assertRaises(AccessError),
            ):
                quant_b.with_user(user).move_quants(self.warehouse_a.lot_stock_id.id)
        self.env.invalidate_all()
        self.assertEqual(quant_b.quantity, 19.0)
        self.assertEqual(quant_b.inventory_quantity, 3.0)

    def test_quant_of_own_store_adjusted(self):
        """Counting in the own store keeps working."""
        quant_a = self.docs[self.store_a]["stock.quant"]
        quant = quant_a.with_user(self.staff_a).with_context(inventory_mode=True)
        quant.inventory_quantity = 15.0
        quant.action_apply_inventory()
        self.assertEqual(quant_a.quantity, 15.0)

    # ------------------------------------------------------------------
    # Sales analyses
    # ------------------------------------------------------------------
    def test_report_pos_order_scoped(self):
        self.assertEqual(
            self.docs[self.store_b]["report.pos.order"].store_id, self.store_b
        )
        self._check_read_scope("report.pos.order")
        for user in self.restricted_users:
            groups = (
                self.env["report.pos.order"]
                .with_user(user)
                .read_group([], ["price_total:sum"], ["store_id"])
            )
            self.assertEqual([g["store_id"][0] for g in groups], [self.store_a.id])

    def test_sale_report_scoped(self):
        self.assertEqual(self.docs[self.store_b]["sale.report"].store_id, self.store_b)
        self._check_read_scope("sale.report")
        for user in self.restricted_users:
            groups = (
                self.env["sale.report"]
                .with_user(user)
                .read_group([], ["price_total:sum"], ["store_id"])
            )
            self.assertEqual([g["store_id"][0] for g in groups], [self.store_a.id])

    # ------------------------------------------------------------------
    # Temporary access
    # ------------------------------------------------------------------
    def test_access_grants_scoped(self):
        Grant = self.env["multistore.access.grant"]
        grants = Grant.create(
            [
                {
                    "user_id": self.staff_a.id,
                    "store_id": store.id,
                    "date_to": fields.Datetime.add(fields.Datetime.now(), days=1),
                }
                for store in (self.store_a, self.store_b)
            ]
        )
        self.assertEqual(
            Grant.with_user(self.manager_a).search([("id", "in", grants.ids)]),
            grants[0],
        )
